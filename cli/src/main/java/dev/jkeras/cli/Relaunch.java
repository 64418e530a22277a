// java -jar jkeras.jar gets the Vector API kernels with no flag typed: when the JVM was started without
// jdk.incubator.vector, the CLI runs itself again in a child JVM that has it, with the same JVM options,
// streams and exit code, and drops the one "Using incubator modules" warning line the child's JVM prints.
// The child also uses a class-data-sharing archive of the CLI's classes (made by its first run) to start faster.
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
        List<String> jvm = ManagementFactory.getRuntimeMXBean().getInputArguments();
        cmd.addAll(jvm);
        Path[] archive = cdsArchive(jvm);
        if (archive != null) {
            boolean exists = Files.isRegularFile(archive[0]);
            cmd.add((exists ? "-XX:SharedArchiveFile=" : "-XX:ArchiveClassesAtExit=") + (exists ? archive[0] : archive[1]));
            cmd.add("-Xlog:cds=off");
            cmd.add("-Xlog:cds+dynamic=off");
        }
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
                if (archive != null) publish(archive[1], archive[0]);
                return code;
            } catch (InterruptedException e) {
                child.destroy();
            }
        }
    }

    /**
     * The class-data-sharing archive for this jar and JDK ([0]) and a private name to write it to
     * first ([1]), or null where the user chose their own sharing options, the class path is not one
     * jar, or no writable place exists. The archive lives beside the jar, else in the temp directory;
     * its name hashes the JDK and the jar's path, size and time, so a rebuilt jar gets a new one.
     */
    private static Path[] cdsArchive(List<String> jvm) {
        if ("false".equalsIgnoreCase(System.getProperty("jkeras.cds"))) return null;
        for (String a : jvm) if (a.startsWith("-Xshare") || a.contains("SharedArchiveFile") || a.contains("ArchiveClassesAtExit")) return null;
        String cp = System.getProperty("java.class.path", "");
        if (cp.isEmpty() || cp.contains(java.io.File.pathSeparator) || !cp.endsWith(".jar")) return null;
        try {
            Path jar = Path.of(cp).toAbsolutePath();
            String key = System.getProperty("java.home") + "|" + System.getProperty("java.vm.version") + "|" + jar + "|"
                    + Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis();
            String name = "jkeras-" + Integer.toHexString(key.hashCode()) + ".jsa";
            for (Path dir : new Path[] {jar.getParent(), Path.of(System.getProperty("java.io.tmpdir"))}) {
                if (dir != null && Files.isDirectory(dir) && Files.isWritable(dir)) {
                    Path tmp = dir.resolve(name + "." + ProcessHandle.current().pid() + ".tmp");
                    return new Path[] {dir.resolve(name), tmp};
                }
            }
        } catch (IOException | RuntimeException e) {
            // no archive: start as usual
        }
        return null;
    }

    /** Moves a freshly written archive into place (atomically; a concurrent run's archive is as good). */
    private static void publish(Path tmp, Path target) {
        try {
            if (Files.isRegularFile(tmp)) Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // left for the temp directory's cleanup
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
