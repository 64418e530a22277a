// Whether the JDK's Vector API (jdk.incubator.vector) is in this JVM, and the switch that turns it off.
// Classes that name the incubator package are loaded only through vectorized(), so the rest runs without it.
package dev.jkeras.kernel;

import java.util.function.Supplier;

/**
 * Selects between a Vector API kernel and its plain scalar twin. The Vector API is used when the
 * module {@code jdk.incubator.vector} was resolved at JVM start ({@code --add-modules
 * jdk.incubator.vector}; the {@code jkeras} launcher adds it) and the system property
 * {@code jkeras.simd} is not {@code false}. Both twins give bit-identical results.
 */
public final class Simd {
    private static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("jkeras.simd"))
            && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private Simd() {}

    /** True if the Vector API kernels are in use. */
    public static boolean enabled() {
        return ENABLED;
    }

    /**
     * The Vector API implementation made by {@code vectorClass}'s no-argument constructor when
     * {@link #enabled()}, else (or if it cannot be loaded) {@code scalar}'s.
     */
    static <T> T select(String vectorClass, Class<T> type, Supplier<? extends T> scalar) {
        if (ENABLED) {
            try {
                return type.cast(Class.forName(vectorClass).getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException | LinkageError e) {
                return scalar.get();
            }
        }
        return scalar.get();
    }
}
