package dev.jkeras.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layer.WriterInfo;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActivationsTest {
    private static final WriterInfo K3 = new WriterInfo("3.15.1", "jax", "test");
    private static final WriterInfo K2 = new WriterInfo("2.21.0", "tensorflow", "test");
    private static final float[] X = {-3f, -0.5f, 0f, 0.7f, 2.5f, 6f};

    // keras.activations.get(name)(X) with X of shape (1, 6); values from keras 3.15.1, jax backend.
    private static final Object[][] KERAS = {
            {"relu", new double[] {0.0, 0.0, 0.0, 0.699999988079071, 2.5, 6.0}},
            {"relu6", new double[] {0.0, 0.0, 0.0, 0.699999988079071, 2.5, 6.0}},
            {"leaky_relu", new double[] {-0.6000000238418579, -0.10000000149011612, 0.0, 0.699999988079071, 2.5, 6.0}},
            {"elu", new double[] {-0.9502129554748535, -0.39346933364868164, 0.0, 0.699999988079071, 2.5, 6.0}},
            {"selu", new double[] {-1.670568823814392, -0.6917582154273987, 0.0, 0.7354906797409058, 2.6267526149749756, 6.304205894470215}},
            {"celu", new double[] {-0.9502129554748535, -0.39346933364868164, 0.0, 0.699999988079071, 2.5, 6.0}},
            {"gelu", new double[] {-0.0040496960282325745, -0.1542687714099884, 0.0, 0.5306254029273987, 2.48447585105896, 6.0}},
            {"sigmoid", new double[] {0.04742587357759476, 0.3775406777858734, 0.5, 0.6681877374649048, 0.9241418242454529, 0.9975274205207825}},
            {"hard_sigmoid", new double[] {0.0, 0.4166666865348816, 0.5, 0.6166666746139526, 0.9166666865348816, 1.0}},
            {"hard_silu", new double[] {-0.0, -0.2083333432674408, 0.0, 0.43166667222976685, 2.2916667461395264, 6.0}},
            {"hard_swish", new double[] {-0.0, -0.2083333432674408, 0.0, 0.43166667222976685, 2.2916667461395264, 6.0}},
            {"silu", new double[] {-0.14227762818336487, -0.1887703388929367, 0.0, 0.46773141622543335, 2.310354471206665, 5.985164642333984}},
            {"swish", new double[] {-0.14227762818336487, -0.1887703388929367, 0.0, 0.46773141622543335, 2.310354471206665, 5.985164642333984}},
            {"mish", new double[] {-0.14564745128154755, -0.22074377536773682, 0.0, 0.5611484050750732, 2.4713923931121826, 5.999927043914795}},
            {"softplus", new double[] {0.04858735203742981, 0.4740769863128662, 0.6931471824645996, 1.1031861305236816, 2.578889846801758, 6.002475738525391}},
            {"softsign", new double[] {-0.75, -0.3333333432674408, 0.0, 0.4117646813392639, 0.7142857313156128, 0.8571428656578064}},
            {"tanh", new double[] {-0.9950547218322754, -0.46211716532707214, 0.0, 0.6043677926063538, 0.9866143465042114, 0.9999876022338867}},
            {"tanh_shrink", new double[] {-2.0049452781677246, -0.037882834672927856, 0.0, 0.09563219547271729, 1.5133856534957886, 5.000012397766113}},
            {"hard_tanh", new double[] {-1.0, -0.5, 0.0, 0.699999988079071, 1.0, 1.0}},
            {"soft_shrink", new double[] {-2.5, 0.0, 0.0, 0.19999998807907104, 2.0, 5.5}},
            {"hard_shrink", new double[] {-3.0, 0.0, 0.0, 0.699999988079071, 2.5, 6.0}},
            {"sparse_plus", new double[] {0.0, 0.0625, 0.25, 0.7225000262260437, 2.5, 6.0}},
            {"squareplus", new double[] {0.30277562141418457, 0.7807763814926147, 1.0, 1.4094810485839844, 2.850780963897705, 6.162277698516846}},
            {"sparse_sigmoid", new double[] {0.0, 0.25, 0.5, 0.8500000238418579, 1.0, 1.0}},
            {"log_sigmoid", new double[] {-3.0485873222351074, -0.9740769863128662, -0.6931471824645996, -0.4031860828399658, -0.07888973504304886, -0.0024756852071732283}},
            {"exponential", new double[] {0.049787066876888275, 0.6065306663513184, 1.0, 2.0137526988983154, 12.182494163513184, 403.4288024902344}},
            {"softmax", new double[] {0.00011874381016241387, 0.0014465957647189498, 0.002385033294558525, 0.004802866373211145, 0.029055655002593994, 0.962191104888916}},
            {"log_softmax", new double[] {-9.038541793823242, -6.5385422706604, -6.0385422706604, -5.338542461395264, -3.5385422706604004, -0.038542214781045914}},
            {"glu", new double[] {-2.004563331604004, -0.46207091212272644, 0.0}},
            {"sparsemax", new double[] {0.0, 0.0, 0.0, 0.0, 0.0, 1.0}},
            {"linear", new double[] {-3.0, -0.5, 0.0, 0.699999988079071, 2.5, 6.0}},
    };

    static void assertClose(double[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what + ": length");
        for (int i = 0; i < want.length; i++) {
            double tol = 1e-5 + 1e-4 * Math.abs(want[i]);
            assertTrue(Math.abs(got[i] - want[i]) <= tol, what + "[" + i + "]: got " + got[i] + ", Keras " + want[i]);
        }
    }

    private static Tensor row(float... v) {
        return Tensor.of(Shape.of(1, v.length), v);
    }

    @Test
    void matchesKeras3() {
        for (Object[] c : KERAS) {
            String name = (String) c[0];
            ActivationFn f = Activations.get(name, K3, "test");
            Tensor x = row(X.clone());
            Tensor y = f.apply(x);
            assertClose((double[]) c[1], y.data(), name);
            assertArrayEquals(X, x.data(), name + " must not modify its input");
            assertEquals(f.outputShape(Shape.of(Shape.UNKNOWN, 6)).dim(1), y.dim(1), name + ": outputShape");
        }
    }

    @Test
    void hardSigmoidFollowsTheWriter() {
        // Keras 1/2: clip(0.2x + 0.5, 0, 1); Keras 3: relu6(x + 3) / 6.
        float[] y2 = Activations.get("hard_sigmoid", K2, "t").apply(row(-3f, -1f, 0f, 1f, 2.4f, 3f)).data();
        assertArrayEquals(new float[] {0f, 0.3f, 0.5f, 0.7f, 0.98f, 1f}, y2, 1e-7f);
        float[] y3 = Activations.get("hard_sigmoid", K3, "t").apply(row(-3f, -1f, 0f, 1f, 2.4f, 3f)).data();
        assertArrayEquals(new float[] {0f, 1f / 3, 0.5f, 2f / 3, 0.9f, 1f}, y3, 1e-7f);
        assertEquals(ActivationFn.Kind.HARD_SIGMOID, Activations.get("hard_sigmoid", null, "t").kind());
    }

    @Test
    void sparsemaxReproducesKerasThreshold() {
        // keras 3.15.1 jax: sparsemax([[1, 0.9, -5], [0.1, 0.2, 0.3]])
        float[] y = Activations.get("sparsemax", K3, "t").apply(Tensor.of(Shape.of(2, 3), new float[] {1f, 0.9f, -5f, 0.1f, 0.2f, 0.3f})).data();
        assertClose(new double[] {0.04999995, 0, 0, 0, 0.06666663, 0.16666664}, y, "sparsemax");
    }

    @Test
    void erfIsAccurate() {
        // Reference values: Python math.erf / math.erfc.
        assertEquals(0.5204998778130465, Activations.erf(0.5), 1e-15);
        assertEquals(-0.8427007929497149, Activations.erf(-1.0), 1e-15);
        assertEquals(0.9953222650189527, Activations.erf(2.0), 1e-15);
        assertEquals(0.9999779095030014, Activations.erf(3.0), 1e-15);
        assertEquals(2.209049699858544e-05, Activations.erfc(3.0), 1e-18);
        assertEquals(1.5374597944280349e-12, Activations.erfc(5.0), 1e-24);
        assertEquals(1.9999779095030015, Activations.erfc(-3.0), 1e-15);
        assertEquals(0.0, Activations.erf(0.0));
    }

    @Test
    void parameterizedFunctions() {
        // relu(x, negative_slope=0.1, max_value=2, threshold=0.5): slope·(x − 0.5) below the threshold, min(x, 2) above.
        float[] y = Activations.relu(0.1f, 2f, 0.5f).apply(row(-1f, 0.4f, 0.6f, 3f)).data();
        assertArrayEquals(new float[] {-0.15f, -0.01f, 0.6f, 2f}, y, 1e-6f);
        assertArrayEquals(new float[] {-0.3f, 2f}, Activations.leakyRelu(0.3f).apply(row(-1f, 2f)).data(), 1e-7f);
        assertArrayEquals(new float[] {0f, 0f, 2f}, Activations.thresholdedRelu(1f).apply(row(-1f, 1f, 2f)).data());
    }

    @Test
    void softmaxAlongAnotherAxis() {
        Tensor x = Tensor.of(Shape.of(2, 2), new float[] {0f, 1f, 0f, 3f});
        float[] y = Activations.softmax(0).apply(x).data();
        assertArrayEquals(new float[] {0.5f, 0.11920292f, 0.5f, 0.8807971f}, y, 1e-7f);
    }

    @Test
    void gluHalvesTheLastAxis() {
        ActivationFn glu = Activations.get("glu", K3, "t");
        assertEquals(Shape.of(Shape.UNKNOWN, 3, 2), glu.outputShape(Shape.of(Shape.UNKNOWN, 3, 4)));
        Tensor y = glu.apply(Tensor.of(Shape.of(1, 4), new float[] {2f, 3f, 0f, 100f}));
        assertArrayEquals(new float[] {1f, 3f}, y.data(), 1e-6f);
    }

    @Test
    void configForms() {
        assertTrue(Activations.get(null, K3, "t").isIdentity());
        Map<String, Object> fn = new HashMap<>();
        fn.put("module", "keras.activations");
        fn.put("class_name", "function");
        fn.put("config", "gelu");
        fn.put("registered_name", "gelu");
        assertEquals(ActivationFn.Kind.GELU, Activations.get(fn, K3, "t").kind());
        Map<String, Object> builtin = Map.of("module", "builtins", "class_name", "function", "config", "tanh");
        assertEquals(ActivationFn.Kind.TANH, Activations.get(builtin, K3, "t").kind());
        Map<String, Object> relu = Map.of("module", "keras.layers", "class_name", "ReLU",
                "config", Map.of("name", "r", "max_value", 2.0, "negative_slope", 0.0, "threshold", 0.0));
        assertArrayEquals(new float[] {0f, 1f, 2f}, Activations.get(relu, K3, "t").apply(row(-1f, 1f, 5f)).data());
        Map<String, Object> leaky = Map.of("module", "keras.layers", "class_name", "LeakyReLU", "config", Map.of("alpha", 0.1));
        assertArrayEquals(new float[] {-0.1f, 1f}, Activations.get(leaky, K2, "t").apply(row(-1f, 1f)).data());
        Map<String, Object> act = Map.of("module", "keras.layers", "class_name", "Activation", "config", Map.of("activation", "tanh"));
        assertEquals(ActivationFn.Kind.TANH, Activations.get(act, K3, "t").kind());
        Map<String, Object> softmax = Map.of("module", "keras.layers", "class_name", "Softmax", "config", Map.of("axis", List.of(-1)));
        assertEquals(-1, Activations.get(softmax, K3, "t").axis());
        assertNotNull(Activations.byName("swish", K3));
        ActivationFn lin = Activations.linear();
        Tensor x = row(1f);
        assertSame(x, lin.apply(x));
    }

    @Test
    void refusesCustomFunctions() {
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                () -> Activations.get("my_act", K3, "layer 'd' (Dense)"));
        assertTrue(e.getMessage().contains("my_act") && e.getMessage().contains("layer 'd'"), e.getMessage());
        Map<String, Object> custom = Map.of("module", "__main__", "class_name", "function", "config", "swish",
                "registered_name", "Custom>swish");
        e = assertThrows(UnsupportedFeatureException.class, () -> Activations.get(custom, K3, "layer 'd' (Dense)"));
        assertTrue(e.getMessage().contains("swish") && e.getMessage().contains("__main__"), e.getMessage());
        assertThrows(UnsupportedFeatureException.class, () -> Activations.get("threshold", K3, "t"));
        assertThrows(UnsupportedFeatureException.class,
                () -> Activations.get(Map.of("module", "keras.layers", "class_name", "PReLU", "config", Map.of()), K3, "t"));
    }

    @Test
    void applyOwnedMayReuseTheBuffer() {
        Tensor x = row(-1f, 2f);
        Tensor y = Activations.get("relu", K3, "t").applyOwned(x);
        assertSame(x, y);
        assertArrayEquals(new float[] {0f, 2f}, y.data());
    }
}
