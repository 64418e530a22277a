// java -jar jkeras.jar gets the Vector API kernels with no flag typed: when the JVM was started without
// jdk.incubator.vector, the CLI runs itself again in a child JVM that has it, with the same JVM options,
// streams and exit code, and drops the one "Using incubator modules" warning line the child's JVM prints.
package dev.jkeras.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Re-runs the CLI in a JVM with {@code --add-modules jdk.incubator.vector} when this one lacks it. */
final class Relaunch {
    private static final String MODULE = "jdk.incubator.vector";
    /** Set in the child, so it never relaunches again. */
    private static final String MARK = "jkeras.launched";
    private static final String WARNING = "WARNING: Using incubator modules";

    private Relaunch() {}

    /**
     * True when this JVM lacks the Vector API module but its runtime image has it, and neither the
     * user ({@code -Djkeras.simd=false}, {@code JKERAS_NO_RELAUNCH}) nor a parent launcher said no.
     */
    static boolean wanted() {
        return System.getProperty(MARK) == null
                && !"false".equalsIgnoreCase(System.getProperty("jkeras.simd"))
                && System.getenv("JKERAS_NO_RELAUNCH") == null
                && ModuleLayer.boot().findModule(MODULE).isEmpty()
                && ModuleFinder.ofSystem().find(MODULE).isPresent();
    }

    /** Runs the child JVM and returns its exit code, or -1 if it could not be started (the caller then runs here). */
    static int run(String[] args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("--add-modules");
        cmd.add(MODULE);
        cmd.add("-D" + MARK + "=1");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        Process child;
        try {
            child = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
        Thread stop = new Thread(child::destroy);
        Runtime.getRuntime().addShutdownHook(stop);
        Thread err = new Thread(() -> copyErr(child.getErrorStream(), new FileOutputStream(FileDescriptor.err)), "jkeras-stderr");
        err.start();
        while (true) {
            try {
                int code = child.waitFor();
                err.join();
                Runtime.getRuntime().removeShutdownHook(stop);
                return code;
            } catch (InterruptedException e) {
                child.destroy();
            }
        }
    }

    /** Copies the child's stderr, dropping its JVM's incubator warning (always its first line when present). */
    static void copyErr(InputStream in, OutputStream out) {
        try (in) {
            ByteArrayOutputStream first = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') first.write(b);
            String line = first.toString(StandardCharsets.UTF_8);
            if (!line.startsWith(WARNING)) {
                first.writeTo(out);
                if (b == '\n') out.write('\n');
                out.flush();
            }
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the child is gone or our stderr is closed: nothing left to copy
        }
    }
}
