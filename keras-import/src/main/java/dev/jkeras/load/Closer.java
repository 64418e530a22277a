// Everything opened while loading one model (HDF5 files, channels, temp files), released when loading ends.
package dev.jkeras.load;

import dev.jkeras.error.ModelFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/** Internal: closes resources in reverse order and deletes temp files; never throws from close. */
final class Closer implements AutoCloseable {
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    <T extends AutoCloseable> T add(T resource) {
        resources.push(resource);
        return resource;
    }

    /** Creates a temp file that is deleted on close. */
    Path tempFile(String prefix, String suffix) {
        try {
            Path p = Files.createTempFile(prefix, suffix);
            p.toFile().deleteOnExit();
            resources.push(() -> Files.deleteIfExists(p));
            return p;
        } catch (IOException e) {
            throw new ModelFormatException("cannot create a temporary file (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void close() {
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception ignored) {
                // releasing read-only resources; nothing to recover
            }
        }
    }
}
