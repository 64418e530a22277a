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

/** A read reaching past the window fails (found by fuzzing: jhdf retried such reads forever on a corrupt local heap). */
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
            assertThrows(EOFException.class, () -> w.read(ByteBuffer.allocate(11)));
            assertEquals(10, w.read(ByteBuffer.allocate(10)));
        }
    }
}
