package dev.jkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The relaunched CLI's stderr: the JVM's incubator warning is dropped, everything else passes unchanged. */
class RelaunchTest {
    private static String filter(String childErr) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Relaunch.copyErr(new ByteArrayInputStream(childErr.getBytes(StandardCharsets.UTF_8)), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void dropsOnlyTheIncubatorWarning() {
        assertEquals("jkeras: model file not found: x.keras\n",
                filter("WARNING: Using incubator modules: jdk.incubator.vector\njkeras: model file not found: x.keras\n"));
        assertEquals("", filter("WARNING: Using incubator modules: jdk.incubator.vector\n"));
        assertEquals("", filter(""));
    }

    @Test
    void keepsEverythingElse() {
        assertEquals("jkeras: bad input\nWARNING: Using incubator modules: later lines stay\n",
                filter("jkeras: bad input\nWARNING: Using incubator modules: later lines stay\n"));
        assertEquals("no newline at end", filter("no newline at end"));
        assertEquals("é ✓\n", filter("é ✓\n"));
    }
}
