package dev.jkeras.cli;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jkeras.error.InputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzz targets for the CLI's array reader: any bytes must read, or fail with an
 * {@link InputException}; anything else (another exception, a hang, OutOfMemoryError) is a finding. Plain
 * {@code mvn verify} replays the committed corpus under {@code src/test/resources/dev/jkeras/cli/NpyFuzzTestInputs/};
 * see testdata/README.md ("Fuzzing") for a fuzzing session.
 */
class NpyFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void npy(byte[] data) {
        try {
            NpyIO.readNpy(write(data, ".npy"));
        } catch (InputException expected) {
            // a bad file
        }
    }

    @FuzzTest(maxDuration = "2m")
    void npz(byte[] data) {
        try {
            NpyIO.readNpz(write(data, ".npz"));
        } catch (InputException expected) {
            // a bad file
        }
    }

    private static final ThreadLocal<Path> DIR = ThreadLocal.withInitial(() -> {
        try {
            Path d = Files.createTempDirectory("jkeras-fuzz");
            d.toFile().deleteOnExit();
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    });

    private static Path write(byte[] data, String suffix) {
        try {
            Path p = DIR.get().resolve("input" + suffix);
            Files.write(p, data);
            p.toFile().deleteOnExit();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
