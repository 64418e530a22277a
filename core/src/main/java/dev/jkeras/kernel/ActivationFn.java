package dev.jkeras.kernel;

import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;

/**
 * One Keras activation function with its parameters, ready to apply; obtained from
 * {@link Activations}. Elementwise functions ignore the axis; softmax, log_softmax, sparsemax and
 * glu work along {@link #axis()} (the last axis unless a layer object asked for another).
 * Immutable and thread-safe.
 */
public final class ActivationFn {
    /** The supported functions. */
    public enum Kind {
        LINEAR, RELU, RELU6, LEAKY_RELU, ELU, SELU, CELU, GELU, GELU_TANH, SIGMOID, HARD_SIGMOID,
        HARD_SIGMOID_LEGACY, HARD_SILU, SILU, MISH, SOFTPLUS, SOFTSIGN, TANH, TANH_SHRINK, HARD_TANH, SOFT_SHRINK,
        HARD_SHRINK, SPARSE_PLUS, SQUAREPLUS, SPARSE_SIGMOID, LOG_SIGMOID, EXPONENTIAL, THRESHOLDED_RELU, SOFTMAX,
        LOG_SOFTMAX, GLU, SPARSEMAX;

        boolean alongAxis() {
            return this == SOFTMAX || this == LOG_SOFTMAX || this == GLU || this == SPARSEMAX;
        }
    }

    private final String name;
    private final Kind kind;
    private final float p1;
    private final float p2;
    private final float p3;
    private final boolean hasMax;
    private final int axis;

    ActivationFn(String name, Kind kind, float p1, float p2, float p3, boolean hasMax, int axis) {
        this.name = name;
        this.kind = kind;
        this.p1 = p1;
        this.p2 = p2;
        this.p3 = p3;
        this.hasMax = hasMax;
        this.axis = axis;
    }

    ActivationFn(String name, Kind kind, float p1) {
        this(name, kind, p1, 0f, 0f, false, -1);
    }

    /** A description such as {@code relu} or {@code relu(max_value=2.0)}, for summaries and messages. */
    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    /** The axis of softmax-like functions (negative counts from the end); -1 for elementwise ones. */
    public int axis() {
        return axis;
    }

    /** True for {@code linear}. */
    public boolean isIdentity() {
        return kind == Kind.LINEAR;
    }

    /** True if the output has the input's shape and can be computed in place on the last axis. */
    public boolean inPlaceCapable() {
        return kind != Kind.GLU && (!kind.alongAxis() || axis == -1);
    }

    /** The output shape: the input shape, except glu halves its axis. */
    public Shape outputShape(Shape in) {
        if (kind != Kind.GLU) return in;
        int ax = axis < 0 ? in.rank() + axis : axis;
        int d = in.dim(ax);
        return in.with(ax, d == Shape.UNKNOWN ? Shape.UNKNOWN : d / 2);
    }

    /** The activation of {@code x}; {@code x} is not modified ({@code linear} returns it as is). */
    public Tensor apply(Tensor x) {
        if (kind == Kind.LINEAR) return x;
        if (kind == Kind.GLU) return glu(x);
        if (kind.alongAxis() && normAxis(x.rank()) != x.rank() - 1) return alongInnerAxis(x.copy());
        Tensor y = Tensor.of(x.shape(), Buffers.copyOf(x.data()));
        applyInPlace(y.data(), 0, y.size(), x.rank() == 0 ? 1 : x.dim(-1));
        return y;
    }

    /**
     * The activation of a tensor the caller has just created and owns: its buffer may be reused for
     * the result. Returns the result (possibly {@code x} itself).
     */
    public Tensor applyOwned(Tensor x) {
        if (kind == Kind.LINEAR) return x;
        if (kind == Kind.GLU) return glu(x);
        if (kind.alongAxis() && normAxis(x.rank()) != x.rank() - 1) return alongInnerAxis(x);
        applyInPlace(x.data(), 0, x.size(), x.rank() == 0 ? 1 : x.dim(-1));
        return x;
    }

    private int normAxis(int rank) {
        int a = axis < 0 ? rank + axis : axis;
        if (a < 0 || a >= rank) throw new IllegalArgumentException(name + ": axis " + axis + " out of range for rank " + rank);
        return a;
    }

    /**
     * Applies the function in place to {@code d[off, off+len)}, which holds whole vectors of length
     * {@code rowLen} along the last axis (only softmax-like functions use {@code rowLen}). Not for
     * glu or for softmax along another axis (see {@link #inPlaceCapable()}). Exponential, logistic,
     * tanh, GELU, ELU-like, softplus-like and softmax-like functions use {@link VecMath}'s float32
     * kernels (a few ulps from exact, vectorized when the Vector API is present).
     */
    public void applyInPlace(float[] d, int off, int len, int rowLen) {
        if (len <= 0 || rowLen <= 0) return;
        int end = off + len;
        switch (kind) {
            case LINEAR -> { }
            case RELU -> {
                if (p1 == 0f && p3 == 0f) {
                    VecMath.clamp(d, off, len, 0f, hasMax ? p2 : Float.POSITIVE_INFINITY); // -0 stays -0, else as Activations.relu
                } else {
                    for (int i = off; i < end; i++) d[i] = Activations.relu(d[i], p1, hasMax, p2, p3);
                }
            }
            case RELU6 -> {
                VecMath.clamp(d, off, len, 0f, 6f);
            }
            case LEAKY_RELU -> {
                for (int i = off; i < end; i++) d[i] = Activations.leakyRelu(d[i], p1);
            }
            case ELU -> VecMath.elu(d, off, len, p1);
            case SELU -> VecMath.selu(d, off, len);
            case CELU -> VecMath.celu(d, off, len, p1);
            case GELU -> VecMath.gelu(d, off, len);
            case GELU_TANH -> VecMath.geluTanh(d, off, len);
            case SIGMOID -> VecMath.sigmoid(d, off, len);
            case HARD_SIGMOID -> {
                for (int i = off; i < end; i++) d[i] = Activations.hardSigmoid(d[i]);
            }
            case HARD_SIGMOID_LEGACY -> {
                for (int i = off; i < end; i++) d[i] = Activations.hardSigmoidLegacy(d[i]);
            }
            case HARD_SILU -> {
                for (int i = off; i < end; i++) d[i] = d[i] * Activations.hardSigmoid(d[i]);
            }
            case SILU -> VecMath.silu(d, off, len);
            case MISH -> VecMath.mish(d, off, len);
            case SOFTPLUS -> VecMath.softplus(d, off, len);
            case SOFTSIGN -> {
                for (int i = off; i < end; i++) d[i] = d[i] / (Math.abs(d[i]) + 1f);
            }
            case TANH -> VecMath.tanh(d, off, len);
            case TANH_SHRINK -> {
                for (int i = off; i < end; i++) d[i] = d[i] - (float) Math.tanh(d[i]);
            }
            case HARD_TANH -> {
                for (int i = off; i < end; i++) d[i] = d[i] > 1f ? 1f : d[i] < -1f ? -1f : d[i];
            }
            case SOFT_SHRINK -> {
                for (int i = off; i < end; i++) d[i] = d[i] > p1 ? d[i] - p1 : d[i] < -p1 ? d[i] + p1 : 0f;
            }
            case HARD_SHRINK -> {
                for (int i = off; i < end; i++) d[i] = Math.abs(d[i]) > p1 ? d[i] : 0f;
            }
            case SPARSE_PLUS -> {
                for (int i = off; i < end; i++) d[i] = Activations.sparsePlus(d[i]);
            }
            case SQUAREPLUS -> {
                for (int i = off; i < end; i++) d[i] = (d[i] + (float) Math.sqrt(d[i] * d[i] + p1)) / 2f;
            }
            case SPARSE_SIGMOID -> {
                for (int i = off; i < end; i++) d[i] = 0.5f * Math.min(Math.max(d[i] + 1f, 0f), 2f);
            }
            case LOG_SIGMOID -> VecMath.logSigmoid(d, off, len);
            case EXPONENTIAL -> VecMath.exp(d, off, len);
            case THRESHOLDED_RELU -> {
                for (int i = off; i < end; i++) d[i] = d[i] > p1 ? d[i] : 0f;
            }
            case SOFTMAX -> VecMath.softmax(d, off, len, rowLen);
            case LOG_SOFTMAX -> VecMath.logSoftmax(d, off, len, rowLen);
            case SPARSEMAX -> {
                float[] buf = new float[2 * rowLen];
                for (int r = off; r < end; r += rowLen) Activations.sparsemax(d, r, 1, rowLen, buf);
            }
            case GLU -> throw new IllegalStateException("glu changes the shape and cannot be applied in place");
        }
    }

    /** Softmax-like functions along a non-last axis: (outer, n, inner) strided vectors, in place. */
    private Tensor alongInnerAxis(Tensor x) {
        int ax = normAxis(x.rank());
        int n = x.dim(ax), inner = x.shape().sizeFrom(ax + 1), outer = x.size() / Math.max(1, n * inner);
        float[] d = x.data();
        float[] buf = new float[2 * n];
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                int start = o * n * inner + in;
                switch (kind) {
                    case SOFTMAX -> Activations.softmax(d, start, inner, n);
                    case LOG_SOFTMAX -> Activations.logSoftmax(d, start, inner, n);
                    case SPARSEMAX -> Activations.sparsemax(d, start, inner, n, buf);
                    default -> throw new IllegalStateException(kind.toString());
                }
            }
        }
        return x;
    }

    /** glu: first half times sigmoid of the second half along the axis. */
    private Tensor glu(Tensor x) {
        int ax = normAxis(x.rank());
        int n = x.dim(ax);
        if (n % 2 != 0) throw new IllegalArgumentException("glu needs an even size along axis " + axis + ", found " + x.shape());
        int half = n / 2, inner = x.shape().sizeFrom(ax + 1), outer = x.size() / Math.max(1, n * inner);
        float[] s = x.data();
        float[] y = new float[outer * half * inner];
        int block = half * inner;
        for (int o = 0; o < outer; o++) {
            int a = o * n * inner, b = a + block, dst = o * block;
            for (int i = 0; i < block; i++) y[dst + i] = s[a + i] * Activations.sigmoid(s[b + i]);
        }
        return Tensor.of(x.shape().with(ax, half), y);
    }

    @Override
    public String toString() {
        return name;
    }
}
