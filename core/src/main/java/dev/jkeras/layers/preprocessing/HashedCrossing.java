// HashedCrossing: crosses two or more scalar features per sample (shape (batch,) or (batch, 1), int or string)
// into one of num_bins bins, as tf.sparse.cross_hashed: h = 0xDECAFCAFFE, then h = FingerprintCat64(h, f) for
// each feature in input order (f = the int64 value, or Fingerprint64 of a string's UTF-8 bytes); bin = h mod
// num_bins (unsigned). Then output_mode int or one_hot. Keras 3 takes exactly two inputs, tf.keras two or more.
package dev.jkeras.layers.preprocessing;

import dev.jkeras.error.InputException;
import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Keras {@code HashedCrossing}. */
public final class HashedCrossing extends Layer {
    /** tf.sparse.cross_hashed's initial hash (its default hash_key). */
    private static final long SEED = 0xDECAFCAFFEL;

    private final LayerSpec spec;
    private final int numBins;
    private final Encoding.Mode mode;

    private HashedCrossing(LayerSpec spec, int numBins, Encoding.Mode mode) {
        super(spec);
        this.spec = spec;
        this.numBins = numBins;
        this.mode = mode;
    }

    @Override
    public List<Shape> outputShapes(List<Shape> in) {
        if (in.size() < 2) {
            throw new ModelFormatException(spec.where() + ": HashedCrossing crosses at least two inputs, found " + in.size());
        }
        Shape first = in.get(0);
        if (first.rank() < 1 || first.rank() > 2 || first.rank() == 2 && first.dim(1) != 1) {
            throw new InputException(spec.where() + ": inputs should have shape (batch,) or (batch, 1), found " + first);
        }
        for (Shape s : in) {
            if (!s.compatibleWith(first)) throw new InputException(spec.where() + ": all inputs should have equal shapes, found " + in);
        }
        return List.of(Encoding.outputShape(spec, first, mode, numBins));
    }

    /** Integer or string features, any mix. */
    @Override
    public List<DType> outputDTypes(List<DType> in, int outputCount) {
        return List.of(Encoding.outputDType(spec, mode));
    }

    @Override
    public List<Tensor> call(Call call) {
        List<Tensor> in = call.inputs();
        List<Shape> shapes = new java.util.ArrayList<>();
        for (Tensor t : in) shapes.add(t.shape());
        outputShapes(shapes);
        for (Tensor t : in) {
            if (!t.shape().equals(in.get(0).shape())) {
                throw new InputException(spec.where() + ": all inputs should have equal shapes, found " + shapes);
            }
        }
        int n = in.get(0).size();
        int[] idx = new int[n];
        for (int b = 0; b < n; b++) {
            long h = SEED;
            for (int i = 0; i < in.size(); i++) h = StringHashes.fingerprintCat64(h, feature(in.get(i), i, b));
            idx[b] = (int) Long.remainderUnsigned(h, numBins);
        }
        return List.of(Encoding.encode(in.get(0).shape(), idx, mode, numBins, null));
    }

    private long feature(Tensor t, int input, int b) {
        if (t.isString()) return StringHashes.fingerprint64(t.strings()[b].getBytes(StandardCharsets.UTF_8));
        float f = t.data()[b];
        if (f != Math.rint(f) || Float.isInfinite(f)) {
            throw new InputException(spec.where() + ": input " + input + " should hold integers (or strings), found " + f + " at sample " + b);
        }
        return (long) f;
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("HashedCrossing");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Config c = spec.config();
            Encoding.refuseSparse(spec);
            int numBins = c.requireInt("num_bins");
            if (numBins < 1) throw new ModelFormatException(spec.where() + ": num_bins should be positive, found " + numBins);
            Encoding.Mode mode = Encoding.mode(spec, "int", Encoding.Mode.INT, Encoding.Mode.ONE_HOT);
            if (mode == Encoding.Mode.INT && numBins > Encoding.MAX_EXACT_INDEX) {
                throw new UnsupportedFeatureException(spec.where() + ": num_bins=" + numBins + " gives bin indices above 2^24, which "
                        + "jkeras's float32 tensors cannot hold exactly; at most " + Encoding.MAX_EXACT_INDEX + " bins are supported");
            }
            HashedCrossing l = new HashedCrossing(spec, numBins, mode);
            l.outputShapes(ctx.inputShapes());
            return l;
        }
    }
}
