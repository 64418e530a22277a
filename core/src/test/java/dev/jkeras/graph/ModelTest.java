package dev.jkeras.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.error.InputException;
import dev.jkeras.error.ModelFormatException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerRegistry;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.UnaryLayer;
import dev.jkeras.layer.WeightDecl;
import dev.jkeras.layer.WeightSource;
import dev.jkeras.layer.WriterInfo;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Graph building and execution with tiny test layers (real layers are checked against Keras fixtures). */
class ModelTest {
    static final WriterInfo K3 = new WriterInfo("3.15.1", "jax", "test");

    /** y = x * w + b with w, b weights of shape (1,) (w trainable, b not). */
    static final class Affine extends UnaryLayer {
        final float w, b;

        Affine(LayerSpec s, float w, float b) {
            super(s);
            this.w = w;
            this.b = b;
        }

        @Override
        public Shape outputShape(Shape in) {
            return in;
        }

        @Override
        public Tensor apply(Tensor x) {
            float[] y = x.data().clone();
            for (int i = 0; i < y.length; i++) y[i] = y[i] * w + b;
            return Tensor.of(x.shape(), y);
        }

        @Override
        public long paramCount() {
            return 2;
        }
    }

    static final class AffineFactory implements LayerFactory {
        public List<String> classNames() {
            return List.of("Affine");
        }

        public Layer create(LayerSpec spec, BuildContext ctx) {
            List<Tensor> ws = ctx.weights(WeightDecl.trainable("w", 1), WeightDecl.fixed("b", 1));
            return new Affine(spec, ws.get(0).data()[0], ws.get(1).data()[0]);
        }
    }

    /** Sums its inputs. */
    static final class Sum extends Layer {
        Sum(LayerSpec s) {
            super(s);
        }

        public List<Shape> outputShapes(List<Shape> in) {
            return List.of(in.get(0));
        }

        public List<Tensor> call(Call c) {
            float[] y = new float[c.input(0).size()];
            for (Tensor t : c.inputs()) for (int i = 0; i < y.length; i++) y[i] += t.data()[i];
            return List.of(Tensor.of(c.input(0).shape(), y));
        }
    }

    static final LayerRegistry REG = LayerRegistry.defaults().with(new AffineFactory(), new LayerFactory() {
        public List<String> classNames() {
            return List.of("Sum");
        }

        public Layer create(LayerSpec spec, BuildContext ctx) {
            return new Sum(spec);
        }
    });

    /** Weights by layer name: w = value, b = value / 10. */
    static WeightSource weights(float value) {
        return (layer, decls) -> {
            List<Tensor> r = new ArrayList<>();
            r.add(Tensor.of(Shape.of(1), new float[] {value}));
            r.add(Tensor.of(Shape.of(1), new float[] {value / 10}));
            return r;
        };
    }

    static LayerSpec layer(String cls, String name, WeightSource w, boolean trainable) {
        Map<String, Object> c = new HashMap<>();
        c.put("name", name);
        c.put("trainable", trainable);
        return new LayerSpec(cls, name, new Config(c, name), K3, w, null, null);
    }

    static LayerSpec input(String name, Integer... dims) {
        Map<String, Object> c = new HashMap<>();
        c.put("batch_shape", new ArrayList<>(java.util.Arrays.asList(dims)));
        return new LayerSpec("InputLayer", name, new Config(c, name), K3, null, null, null);
    }

    static TensorRef ref(String l, int call) {
        return new TensorRef(l, call, 0);
    }

    static NodeSpec node(TensorRef... in) {
        return NodeSpec.of(List.of(in));
    }

    static LayerSpec model(String name, List<LayerSpec> layers, Map<String, List<NodeSpec>> calls, List<TensorRef> ins,
                           List<TensorRef> outs, WeightSource w, boolean trainable) {
        List<String> inNames = new ArrayList<>(), outNames = new ArrayList<>();
        for (TensorRef r : ins) inNames.add(r.layer());
        for (TensorRef r : outs) outNames.add(r.layer());
        GraphSpec g = new GraphSpec(name, "Functional", layers, calls, ins, outs, inNames, outNames);
        Map<String, Object> c = new HashMap<>();
        c.put("trainable", trainable);
        return new LayerSpec("Functional", name, new Config(c, name), K3, w, null, g);
    }

    @Test
    void sharedLayerTwoInputsTwoOutputs() {
        Map<String, List<NodeSpec>> calls = new LinkedHashMap<>();
        calls.put("aff", List.of(node(ref("a", 0)), node(ref("b", 0))));
        calls.put("sum", List.of(node(ref("aff", 0), ref("aff", 1))));
        LayerSpec m = model("m", List.of(input("a", null, 2), input("b", null, 2), layer("Affine", "aff", weights(2), true),
                layer("Sum", "sum", null, true)), calls, List.of(ref("a", 0), ref("b", 0)), List.of(ref("sum", 0), ref("aff", 1)), null, true);
        Model model = Model.build(m, REG);
        assertEquals(List.of("a", "b"), model.inputNames());
        assertEquals(List.of(Shape.of(-1, 2), Shape.of(-1, 2)), model.outputShapes());
        assertEquals(2, model.paramCount());
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("a", Tensor.of(Shape.of(1, 2), new float[] {1, 2}));
        in.put("b", Tensor.of(Shape.of(1, 2), new float[] {3, 4}));
        Map<String, Tensor> out = model.predict(in);
        // aff(x) = 2x + 0.2; sum = 2a + 2b + 0.4
        assertArrayEquals(new float[] {8.4f, 12.4f}, out.get("sum").data(), 1e-6f);
        assertArrayEquals(new float[] {6.2f, 8.2f}, out.get("aff").data(), 1e-6f);
        InputException e = assertThrows(InputException.class, () -> model.predict(List.of(Tensor.zeros(1, 3), Tensor.zeros(1, 2))));
        assertTrue(e.getMessage().contains("input 'a' should have shape (None, 2)"), e.getMessage());
        assertThrows(InputException.class, () -> model.predict(Map.of("a", Tensor.zeros(1, 2))));
    }

    @Test
    void lambdaIsRefusedByTheRegistryUnlessAUserFactoryTakesIt() {
        Map<String, List<NodeSpec>> calls = new LinkedHashMap<>();
        calls.put("lam", List.of(node(ref("a", 0))));
        LayerSpec m = model("m", List.of(input("a", null, 2), layer("Lambda", "lam", null, true)), calls, List.of(ref("a", 0)),
                List.of(ref("lam", 0)), null, true);
        var e = assertThrows(dev.jkeras.error.UnsupportedFeatureException.class, () -> Model.build(m, REG));
        assertTrue(e.getMessage().contains("layer 'lam'") && e.getMessage().contains("never executes Python code")
                && e.getMessage().contains("LayerRegistry.with"), e.getMessage());
        assertTrue(!LayerRegistry.defaults().classNames().contains("Lambda"), "Lambda is not a supported class");
        // the advice works: a user's factory for "Lambda" builds it
        LayerRegistry withLambda = REG.with(new LayerFactory() {
            public List<String> classNames() {
                return List.of("Lambda");
            }

            public Layer create(LayerSpec spec, BuildContext ctx) {
                return new Sum(spec);
            }
        });
        Tensor x = Tensor.of(Shape.of(1, 2), new float[] {1, 2});
        assertArrayEquals(new float[] {1, 2}, Model.build(m, withLambda).predict(x).data());
    }

    @Test
    void outputsNeverShareAnArrayWithTheCallersInputs() {
        Map<String, List<NodeSpec>> calls = new LinkedHashMap<>();
        calls.put("drop", List.of(node(ref("a", 0))));
        calls.put("flat", List.of(node(ref("a", 0))));
        LayerSpec m = model("m", List.of(input("a", null, 2, 2), layer("Dropout", "drop", null, true), layer("Flatten", "flat", null, true)),
                calls, List.of(ref("a", 0)), List.of(ref("drop", 0), ref("flat", 0), ref("drop", 0)), null, true);
        Model model = Model.build(m, REG);
        float[] data = {1, 2, 3, 4};
        Tensor x = Tensor.of(Shape.of(1, 2, 2), data);
        List<Tensor> out = model.predict(List.of(x));
        for (Tensor t : out) {
            assertTrue(t != x && t.data() != data, "an output aliases the input: " + t);
            assertArrayEquals(data, t.data());
        }
        assertTrue(out.get(0).data() != out.get(2).data(), "the same tensor returned twice is two arrays");
        out.get(0).data()[0] = 99;
        out.get(1).data()[1] = 99;
        assertArrayEquals(new float[] {1, 2, 3, 4}, data, "the caller's input is unchanged");
    }

    @Test
    void danglingReferenceAndCycleAreFormatErrors() {
        Map<String, List<NodeSpec>> calls = new LinkedHashMap<>();
        calls.put("aff", List.of(node(ref("a", 1))));
        LayerSpec bad = model("m", List.of(input("a", null, 2), layer("Affine", "aff", weights(1), true)), calls,
                List.of(ref("a", 0)), List.of(ref("aff", 0)), null, true);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Model.build(bad, REG));
        assertTrue(e.getMessage().contains("call 1 of layer 'a'"), e.getMessage());

        Map<String, List<NodeSpec>> cyc = new LinkedHashMap<>();
        cyc.put("x", List.of(node(ref("y", 0))));
        cyc.put("y", List.of(node(ref("x", 0))));
        LayerSpec cycle = model("m", List.of(input("a", null, 2), layer("Affine", "x", weights(1), true), layer("Affine", "y", weights(1), true)),
                cyc, List.of(ref("a", 0)), List.of(ref("y", 0)), null, true);
        e = assertThrows(ModelFormatException.class, () -> Model.build(cycle, REG));
        assertTrue(e.getMessage().contains("cycle"), e.getMessage());
    }

    /** A planned source: the nested model's flat list is [trainable...] + [non-trainable...], as legacy HDF5 stores it. */
    static final class PlannedSource implements WeightSource {
        final List<Float> flat;
        final Map<LayerSpec, List<Tensor>> slices = new java.util.IdentityHashMap<>();
        List<Declared> seen;

        PlannedSource(List<Float> flat) {
            this.flat = flat;
        }

        public boolean needsPlan() {
            return true;
        }

        public void plan(List<Declared> declared) {
            seen = declared;
            int t = 0;
            for (Declared d : declared) for (WeightDecl w : d.decls()) if (d.trainable() && w.trainable()) t++;
            int ti = 0, ni = t;
            for (Declared d : declared) {
                List<Tensor> s = new ArrayList<>();
                for (WeightDecl w : d.decls()) {
                    float v = (d.trainable() && w.trainable()) ? flat.get(ti++) : flat.get(ni++);
                    s.add(Tensor.of(Shape.of(1), new float[] {v}));
                }
                slices.put(d.layer(), s);
            }
        }

        public List<Tensor> load(LayerSpec layer, List<WeightDecl> decls) {
            return List.of();
        }

        WeightSource leaf() {
            return (layer, decls) -> slices.get(layer);
        }
    }

    @Test
    void legacyNestedWeightsArePlannedAfterDeclarationPass() {
        // inner = [p (trainable), q (frozen), r (trainable)]; flat = [p.w, r.w] + [p.b, q.w, q.b, r.b]
        PlannedSource src = new PlannedSource(List.of(1f, 3f, 0.1f, 2f, 0.2f, 0.3f));
        Map<String, List<NodeSpec>> ic = new LinkedHashMap<>();
        ic.put("p", List.of(node(ref("x", 0))));
        ic.put("q", List.of(node(ref("p", 0))));
        ic.put("r", List.of(node(ref("q", 0))));
        LayerSpec inner = model("inner", List.of(input("x", null, 1), layer("Affine", "p", src.leaf(), true),
                layer("Affine", "q", src.leaf(), false), layer("Affine", "r", src.leaf(), true)), ic, List.of(ref("x", 0)), List.of(ref("r", 0)), src, true);
        Map<String, List<NodeSpec>> oc = new LinkedHashMap<>();
        oc.put("inner", List.of(node(ref("in", 0)), node(ref("inner", 0))));
        LayerSpec outer = model("outer", List.of(input("in", null, 1), inner), oc, List.of(ref("in", 0)), List.of(ref("inner", 1)), null, true);
        Model m = Model.build(outer, REG);
        assertEquals(3, src.seen.size());
        assertEquals("p", src.seen.get(0).layer().name());
        assertEquals(false, src.seen.get(1).trainable());
        // f(x) = 3 * (2 * (1 * x + 0.1) + 0.2) + 0.3 = 6x + 1.5; applied twice: 6(6x+1.5)+1.5 = 36x + 10.5
        Tensor y = m.predict(Tensor.of(Shape.of(1, 1), new float[] {1}));
        assertEquals(46.5f, y.data()[0], 1e-5f);
        assertEquals(6, m.paramCount());
    }

    @Test
    void timeDistributedFoldsTimeIntoBatch() {
        Map<String, Object> tdc = new HashMap<>();
        LayerSpec innerSpec = layer("Affine", "aff", weights(2), true);
        LayerSpec td = new LayerSpec("TimeDistributed", "td", new Config(tdc, "td"), K3, null, Map.of("layer", innerSpec), null);
        Map<String, List<NodeSpec>> calls = new LinkedHashMap<>();
        calls.put("td", List.of(node(ref("x", 0))));
        Model m = Model.build(model("m", List.of(input("x", null, 3, 2), td), calls, List.of(ref("x", 0)), List.of(ref("td", 0)), null, true), REG);
        assertEquals(Shape.of(-1, 3, 2), m.outputShapes().get(0));
        assertEquals(Shape.of(5, 3, 2), m.outputShapes(List.of(Shape.of(5, 3, 2))).get(0));
        Tensor y = m.predict(Tensor.of(Shape.of(1, 3, 2), new float[] {0, 1, 2, 3, 4, 5}));
        assertArrayEquals(new float[] {0.2f, 2.2f, 4.2f, 6.2f, 8.2f, 10.2f}, y.data(), 1e-6f);
        assertThrows(InputException.class, () -> m.predict(Tensor.zeros(2, 3)));
    }
}
