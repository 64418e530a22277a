package dev.jkeras.layer;

import dev.jkeras.error.KerasException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layers.BuiltinLayers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The supported Keras layer classes by name: the built-in table ({@link BuiltinLayers}, which doubles as
 * the list of what jkeras supports) plus users' own factories, found through {@link ServiceLoader} or
 * added with {@link #with}, keyed by their Keras {@code registered_name} (e.g. {@code mypkg>MyLayer})
 * or class name. A user's factory may also take a class jkeras refuses by name (such as {@code Lambda}).
 */
public final class LayerRegistry {
    private static final LayerRegistry DEFAULT = new LayerRegistry(BuiltinLayers.all(), true);

    private final Map<String, LayerFactory> byName = new TreeMap<>();

    private LayerRegistry(List<LayerFactory> factories, boolean withServices) {
        List<LayerFactory> all = new ArrayList<>(factories);
        if (withServices) ServiceLoader.load(LayerFactory.class).forEach(all::add);
        for (LayerFactory f : all) {
            for (String n : f.classNames()) {
                if (byName.putIfAbsent(n, f) != null && !withServices) {
                    throw new IllegalStateException("two factories for " + n);
                }
            }
        }
    }

    /** The built-in layers plus any found by {@link ServiceLoader}. */
    public static LayerRegistry defaults() {
        return DEFAULT;
    }

    /** This registry plus {@code extra} factories, which take precedence (for users' own layers and tests). */
    public LayerRegistry with(LayerFactory... extra) {
        List<LayerFactory> all = new ArrayList<>(List.of(extra));
        LayerRegistry r = new LayerRegistry(all, false);
        byName.forEach(r.byName::putIfAbsent);
        return r;
    }

    /**
     * The factory for a Keras class name; if none, an {@link UnsupportedFeatureException} naming the
     * layer (with the reason for a class refused by name, see {@link BuiltinLayers#refusal}).
     */
    public LayerFactory factory(LayerSpec spec) {
        LayerFactory f = byName.get(spec.className());
        if (f == null) {
            KerasException refused = BuiltinLayers.refusal(spec);
            if (refused != null) throw refused;
            throw new UnsupportedFeatureException(spec.where() + ": layer class '" + spec.className()
                    + "' is not supported by jkeras (run `jkeras layers` for the supported list)");
        }
        return f;
    }

    /** Every distinct factory, in table order. */
    public List<LayerFactory> factories() {
        List<LayerFactory> out = new ArrayList<>();
        java.util.Set<LayerFactory> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (LayerFactory f : byName.values()) if (seen.add(f)) out.add(f);
        return out;
    }

    /** Every supported class name (aliases included), sorted. */
    public List<String> classNames() {
        return Collections.unmodifiableList(new ArrayList<>(byName.keySet()));
    }

    /**
     * Builds a layer through its factory. A factory that trips over a config or call it did not
     * expect (an unchecked exception other than a {@link dev.jkeras.error.KerasException}) is
     * reported as a {@link dev.jkeras.error.ModelFormatException} naming the layer and its inputs.
     */
    public Layer create(LayerSpec spec, BuildContext ctx) {
        LayerFactory f = factory(spec);
        try {
            return f.create(spec, ctx);
        } catch (dev.jkeras.error.KerasException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new dev.jkeras.error.ModelFormatException(spec.where() + ": cannot build the layer from its config for input shapes "
                    + ctx.inputShapes() + " (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + "); the config is malformed or calls the layer in a way Keras does not", e);
        }
    }
}
