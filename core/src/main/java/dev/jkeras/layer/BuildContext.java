package dev.jkeras.layer;

import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/**
 * What a {@link LayerFactory} gets while building one layer at load time: the input shapes of the
 * layer's first call, its stored weights, and a way to build wrapped layers (each with its own
 * weight scope). Config parsing, weight lookup and shape validation all happen here, once.
 */
public interface BuildContext {
    /** Input shapes of the first call ({@link Shape#UNKNOWN} for the batch dimension). */
    List<Shape> inputShapes();

    /** The single input shape; a format error if the layer is called with several inputs. */
    Shape inputShape();

    /** The layer's stored weights for these declarations, in order, with the declared shapes. */
    List<Tensor> weights(List<WeightDecl> decls);

    default List<Tensor> weights(WeightDecl... decls) {
        return weights(List.of(decls));
    }

    /** Builds a wrapped layer (e.g. TimeDistributed's inner layer) for the given input shapes. */
    Layer build(LayerSpec child, List<Shape> inputShapes);

    /** The writer of the file (version-dependent semantics). */
    WriterInfo writer();

    /** The spec being built. */
    LayerSpec spec();
}
