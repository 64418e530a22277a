package dev.jkeras.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every registered layer class is exercised by at least one fixture written by real Keras. */
class CoverageTest {
    /** Registered on purpose without a numeric fixture, with the reason. */
    static final Set<String> EXEMPT = Set.of();

    @Test
    void everyRegisteredClassHasAFixture() throws IOException {
        Set<String> used = new TreeSet<>();
        Pattern p = Pattern.compile("\"class_name\"\\s*:\\s*\"([^\"]+)\"");
        try (Stream<Path> files = Files.walk(Fixtures.root().resolve("fixtures"))) {
            for (Path f : (Iterable<Path>) files.filter(x -> x.getFileName().toString().equals("model.json"))::iterator) {
                Matcher m = p.matcher(Files.readString(f));
                while (m.find()) used.add(m.group(1));
            }
        }
        List<String> missing = new ArrayList<>();
        for (LayerFactory f : LayerRegistry.defaults().factories()) {
            // raw ops are registered as "ops.<Class>", KerasHub layers as "keras_hub><Class>"; Keras writes the bare class name
            if (f.classNames().stream().noneMatch(n -> used.contains(bare(n)) || EXEMPT.contains(n))) {
                missing.add(f.classNames().get(0));
            }
        }
        assertTrue(missing.isEmpty(), "registered layer classes with no fixture: " + missing);
    }

    private static String bare(String registered) {
        if (registered.startsWith("ops.")) return registered.substring(4);
        return registered.startsWith("keras_hub>") ? registered.substring("keras_hub>".length()) : registered;
    }
}
