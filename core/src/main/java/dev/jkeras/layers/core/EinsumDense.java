// EinsumDense: y = activation(einsum(equation, x, kernel) + bias). Equations as Keras accepts them: letters only
// (ab,bc->ac), left-elided (...b,bc->...c) or right-elided (ab...,bc->ac...); kernel and bias shapes derived
// from the equation, the input shape and output_shape exactly as Keras's _analyze_einsum_string.
package dev.jkeras.layers.core;

import dev.jkeras.error.InputException;
import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.kernel.ActivationFn;
import dev.jkeras.kernel.Broadcast;
import dev.jkeras.kernel.Einsum;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.UnaryLayer;
import dev.jkeras.layer.WeightDecl;
import dev.jkeras.layers.LayerConfigs;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Keras {@code EinsumDense}. */
public final class EinsumDense extends UnaryLayer {
    private final Projection projection;

    private EinsumDense(LayerSpec spec, Projection projection) {
        super(spec);
        this.projection = projection;
    }

    @Override
    public Shape outputShape(Shape in) {
        return projection.outputShape(in, this);
    }

    @Override
    public Tensor apply(Tensor x) {
        return projection.apply(x, this);
    }

    @Override
    public long paramCount() {
        return projection.paramCount();
    }

    /** No mask support in Keras: an incoming mask is dropped. */
    @Override
    protected boolean passesMask() {
        return false;
    }

    /**
     * What Keras derives from an equation for one input shape: the einsum, kernel and bias shapes
     * (bias null without {@code bias_axes}) and the output shape ({@link Shape#UNKNOWN} where the
     * input's dimension is unknown).
     */
    public record Analysis(String equation, Einsum einsum, Shape inputShape, Shape kernelShape, Shape biasShape, Shape outputShape) {}

    private static final Pattern PLAIN = Pattern.compile("([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)");
    private static final Pattern LEFT = Pattern.compile("0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)");
    private static final Pattern RIGHT = Pattern.compile("([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0");
    /** Labels of elided axes (letters use their char codes). */
    private static final int ELIDED = 1000;

    /**
     * Keras's {@code _analyze_einsum_string}. {@code partialOutput} is the config's
     * {@code output_shape} (without the batch dimension; -1 for None). Throws
     * {@link IllegalArgumentException} with Keras's reason if the equation or shapes are invalid.
     */
    public static Analysis analyze(String equation, String biasAxes, int[] partialOutput, Shape in) {
        String e = equation.replace("...", "0");
        boolean left = false;
        Matcher mt = PLAIN.matcher(e);
        if (!mt.matches()) {
            mt = LEFT.matcher(e);
            left = mt.matches();
            if (!left) {
                mt = RIGHT.matcher(e);
                if (!mt.matches()) {
                    throw new IllegalArgumentException("invalid einsum equation '" + equation
                            + "'; equations must be [X],[Y]->[Z], ...[X],[Y]->...[Z] or [X]...,[Y]->[Z]...");
                }
            }
        }
        boolean elidedForm = e.contains("0");
        String inSpec = mt.group(1), wSpec = mt.group(2), outSpec = mt.group(3);
        int rank = in.rank();
        int elided = rank - inSpec.length();
        if (elided < 0 || (!elidedForm && elided != 0)) {
            throw new IllegalArgumentException("equation '" + equation + "' needs inputs of rank " + inSpec.length()
                    + (elidedForm ? " or more" : "") + ", found " + in);
        }
        List<Integer> out = new ArrayList<>();
        out.add(in.dim(0));
        for (int d : partialOutput) out.add(d);
        if (elided > 0 && left) {
            for (int i = 1; i < elided; i++) out.add(1, in.dim(i));
        } else if (elided > 0) {
            for (int i = rank - elided; i < rank; i++) out.add(in.dim(i));
        }
        int outRank = outSpec.length() + (elidedForm ? elided : 0);
        if (out.size() != outRank) {
            throw new IllegalArgumentException("output_shape " + Arrays.toString(partialOutput) + " does not fit equation '" + equation
                    + "' for inputs " + in + " (the output needs " + (outRank - 1) + " dimensions after the batch)");
        }
        int[] xLabels = new int[rank], outLabels = new int[outRank], wLabels = new int[wSpec.length()];
        for (int i = 0; i < rank; i++) {
            int p = left ? i - elided : i;
            xLabels[i] = p >= 0 && p < inSpec.length() ? inSpec.charAt(p) : ELIDED + (left ? i : i - inSpec.length());
        }
        for (int i = 0; i < outRank; i++) {
            int p = left ? i - elided : i;
            outLabels[i] = p >= 0 && p < outSpec.length() ? outSpec.charAt(p) : ELIDED + (left ? i : i - outSpec.length());
        }
        for (int i = 0; i < wLabels.length; i++) wLabels[i] = wSpec.charAt(i);
        // Keras's checks: shared input/output dims agree, output and weight letters are all accounted for.
        for (int i = 0; i < rank; i++) {
            int j = indexOf(outLabels, xLabels[i]);
            if (j >= 0 && out.get(j) != Shape.UNKNOWN && in.dim(i) != Shape.UNKNOWN && out.get(j) != in.dim(i)) {
                throw new IllegalArgumentException("input shape and output shape do not match at shared dimension '" + label(xLabels[i])
                        + "': input " + in + ", output_shape " + Arrays.toString(partialOutput));
            }
        }
        for (char c : outSpec.toCharArray()) {
            if (inSpec.indexOf(c) < 0 && wSpec.indexOf(c) < 0) {
                throw new IllegalArgumentException("dimension '" + c + "' of the output spec '" + outSpec + "' is in neither the input nor the weight spec");
            }
        }
        int[] kernel = new int[wLabels.length];
        for (int i = 0; i < wLabels.length; i++) {
            int j = indexOf(outLabels, wLabels[i]), k = indexOf(xLabels, wLabels[i]);
            if (j >= 0) kernel[i] = out.get(j);
            else if (k >= 0) kernel[i] = in.dim(k);
            else throw new IllegalArgumentException("weight dimension '" + (char) wLabels[i] + "' matches neither the input spec '" + inSpec
                        + "' nor the output spec '" + outSpec + "'");
            if (kernel[i] == Shape.UNKNOWN) {
                throw new IllegalArgumentException("kernel dimension '" + (char) wLabels[i] + "' is unknown for inputs " + in);
            }
        }
        Shape biasShape = null;
        if (biasAxes != null) {
            int first = Integer.MAX_VALUE;
            for (char c : biasAxes.toCharArray()) {
                int p = outSpec.indexOf(c);
                if (p < 0) throw new IllegalArgumentException("bias dimension '" + c + "' is not part of the output spec '" + outSpec + "'");
                first = Math.min(first, p);
            }
            int leftShift = left ? elided : 0;
            List<Integer> b = new ArrayList<>();
            for (int p = first; p < outSpec.length(); p++) {
                if (biasAxes.indexOf(outSpec.charAt(p)) >= 0) {
                    int d = out.get(p + leftShift);
                    if (d == Shape.UNKNOWN) throw new IllegalArgumentException("bias dimension '" + outSpec.charAt(p) + "' is unknown");
                    b.add(d);
                } else {
                    b.add(1);
                }
            }
            if (!left) for (int i = 0; i < elided; i++) b.add(1);
            biasShape = Shape.of(b.stream().mapToInt(Integer::intValue).toArray());
        }
        Einsum einsum;
        try {
            einsum = new Einsum(xLabels, wLabels, outLabels);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("equation '" + equation + "' is not supported: " + ex.getMessage());
        }
        Shape outShape = einsum.outputShape(in, Shape.of(kernel));
        if (biasShape != null && biasShape.rank() > outShape.rank()) {
            throw new IllegalArgumentException("bias shape " + biasShape + " does not broadcast to the output " + outShape);
        }
        return new Analysis(equation, einsum, in, Shape.of(kernel), biasShape, outShape);
    }

    private static String label(int l) {
        return l >= ELIDED ? "..." : String.valueOf((char) l);
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) if (a[i] == v) return i;
        return -1;
    }

    /**
     * One einsum projection with its weights: the EinsumDense layer itself, and the sublayers of
     * the attention layers. Immutable.
     */
    public static final class Projection {
        private final Analysis analysis;
        private final Tensor kernel;
        private final Einsum.Prepared prepared;
        private final Tensor bias;
        private final ActivationFn activation;

        /** {@code kernel} and {@code bias} (null if none) must have the analysis's shapes. */
        public Projection(Analysis analysis, Tensor kernel, Tensor bias, ActivationFn activation) {
            if (!kernel.shape().equals(analysis.kernelShape()) || (bias == null) != (analysis.biasShape() == null)
                    || (bias != null && !bias.shape().equals(analysis.biasShape()))) {
                throw new IllegalArgumentException("weights " + kernel.shape() + (bias == null ? "" : ", " + bias.shape())
                        + " do not match kernel " + analysis.kernelShape() + " / bias " + analysis.biasShape());
            }
            this.analysis = analysis;
            this.kernel = kernel;
            this.prepared = analysis.einsum().prepare(kernel);
            this.bias = bias;
            this.activation = activation;
        }

        public Analysis analysis() {
            return analysis;
        }

        /** Number of scalar weights (kernel and bias). */
        public long paramCount() {
            return kernel.size() + (bias == null ? 0 : bias.size());
        }

        /** Output shape for an input shape; an error naming {@code owner} if the input does not fit. */
        public Shape outputShape(Shape in, Layer owner) {
            check(in, owner);
            return activation.outputShape(analysis.einsum().outputShape(in, analysis.kernelShape()));
        }

        private void check(Shape in, Layer owner) {
            Shape want = analysis.inputShape();
            boolean ok = in.rank() == want.rank();
            for (int i = 1; ok && i < in.rank(); i++) {
                ok = want.dim(i) == Shape.UNKNOWN || in.dim(i) == Shape.UNKNOWN || in.dim(i) == want.dim(i);
            }
            // dimensions that meet the kernel must match it exactly
            if (ok) {
                try {
                    analysis.einsum().outputShape(in, analysis.kernelShape());
                } catch (IllegalArgumentException e) {
                    ok = false;
                }
            }
            if (!ok) {
                throw new InputException("layer '" + owner.name() + "' (" + owner.className() + "): equation '" + analysis.equation()
                        + "' expects inputs " + want + ", found " + in);
            }
        }

        /** {@code activation(einsum(x, kernel) + bias)}. */
        public Tensor apply(Tensor x, Layer owner) {
            check(x.shape(), owner);
            Tensor y = analysis.einsum().apply(x, prepared);
            if (bias != null) {
                float[] d = y.data(), b = bias.data();
                int r = y.rank(), n = b.length;
                int[] bd = new int[r];
                Arrays.fill(bd, 1);
                for (int i = 0; i < bias.rank(); i++) bd[r - bias.rank() + i] = bias.dim(i);
                boolean trailing = true;
                for (int i = r - 1, size = 1; i >= 0 && size < n; i--) {
                    trailing &= bd[i] == y.dim(i);
                    size *= bd[i];
                }
                if (trailing) {
                    for (int i = 0; i < d.length; i++) d[i] += b[i % n];
                } else {
                    Broadcast.addInto(d, y.shape(), bias.reshape(Shape.of(bd)), false);
                }
            }
            return activation.applyOwned(y);
        }
    }

    /** Reads {@code output_shape} (an int or a list with nulls) as ints, -1 for None. */
    static int[] partialOutputShape(LayerSpec spec) {
        Object v = spec.config().get("output_shape");
        if (v == null) throw new ModelFormatException(spec.where() + ": config key 'output_shape' is missing");
        return spec.config().getIntList("output_shape");
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("EinsumDense");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Config c = spec.config();
            LayerConfigs.refuseQuantized(spec);
            String equation = c.requireString("equation");
            String biasAxes = c.getString("bias_axes", null);
            int[] partial = partialOutputShape(spec);
            Shape in = ctx.inputShape();
            Analysis a;
            try {
                a = analyze(equation, biasAxes, partial, in);
            } catch (IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().contains("not supported")) {
                    throw new UnsupportedFeatureException(spec.where() + ": " + e.getMessage());
                }
                throw new ModelFormatException(spec.where() + ": " + e.getMessage());
            }
            ActivationFn act = LayerConfigs.activation(spec, "activation");
            List<WeightDecl> decls = new ArrayList<>();
            decls.add(new WeightDecl("kernel", a.kernelShape(), true));
            if (a.biasShape() != null) decls.add(new WeightDecl("bias", a.biasShape(), true));
            List<Tensor> w = ctx.weights(decls);
            return new EinsumDense(spec, new Projection(a, w.get(0), a.biasShape() == null ? null : w.get(1), act));
        }
    }
}
