package dev.jkeras.load.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read with nothing left in the window fails (found by fuzzing: jhdf retried such reads forever on a corrupt local
 * heap); a read reaching past the end returns what is there (jhdf does that on valid files: Xception's .h5).
 */
class FileWindowTest {
    @TempDir
    Path tmp;

    @Test
    void readPastTheEndFailsInsteadOfLooping() throws IOException {
        Path f = tmp.resolve("w.bin");
        Files.write(f, new byte[100]);
        try (FileChannel fc = FileChannel.open(f)) {
            FileWindow w = new FileWindow(fc, 10, 50);
            assertEquals(50, w.read(ByteBuffer.allocate(50)));
            w.position(40);
            assertEquals(10, w.read(ByteBuffer.allocate(11)), "a short read of what is left (valid files ask for more)");
            assertThrows(EOFException.class, () -> w.read(ByteBuffer.allocate(1)), "nothing left: fail, never 0 again and again");
            w.position(60);
            assertThrows(EOFException.class, () -> w.read(ByteBuffer.allocate(4)));
            w.position(40);
            assertEquals(10, w.read(ByteBuffer.allocate(10)));
        }
    }
}
