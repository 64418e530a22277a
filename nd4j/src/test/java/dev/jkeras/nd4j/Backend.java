package dev.jkeras.nd4j;

import org.junit.jupiter.api.Assumptions;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Whether ND4J's native CPU backend (the test dependency's linux-x86_64 natives) loads here. Tests that need it
 * call {@link #assume()} and are skipped, saying why, on another OS or architecture.
 */
final class Backend {
    private Backend() {}

    private static final String PROBLEM = probe();

    private static String probe() {
        try {
            Nd4j.create(new float[] {1f}, new long[] {1}, 'c');
            return null;
        } catch (Throwable e) { // UnsatisfiedLinkError, ExceptionInInitializerError, "no ND4J backend", ...
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) root = root.getCause();
            return "ND4J's native backend did not load on " + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
                    + " (the tests ship linux-x86_64 natives only): " + e + (root != e ? ", caused by " + root : "");
        }
    }

    static void assume() {
        Assumptions.assumeTrue(PROBLEM == null, () -> "skipped: " + PROBLEM);
    }
}
