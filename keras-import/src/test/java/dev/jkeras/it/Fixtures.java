package dev.jkeras.it;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the committed fixtures from any working directory inside the repo. */
final class Fixtures {
    private Fixtures() {}

    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("testdata/fixtures"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("no testdata/fixtures above " + Path.of("").toAbsolutePath());
        return p.resolve("testdata");
    }

    static Path fixture(String name, String writer, String file) {
        return root().resolve("fixtures").resolve(name).resolve(writer).resolve(file);
    }
}
