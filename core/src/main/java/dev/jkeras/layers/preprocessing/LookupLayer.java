// The plumbing shared by the vocabulary lookup layers (IntegerLookup, StringLookup, TextVectorization): the table,
// Keras's encoded output shape and the param count tf.keras reports for an adapted tf_idf layer.
package dev.jkeras.layers.preprocessing;

import dev.jkeras.layer.Config;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.UnaryLayer;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;

/** Internal: a layer that looks tokens up in an {@link IndexTable} and encodes the indices by output_mode. */
abstract class LookupLayer<K> extends UnaryLayer {
    protected final LayerSpec spec;
    /** The lookup; null only for TextVectorization's output_mode=None. */
    protected final IndexTable<K> table;
    private final long params;

    LookupLayer(LayerSpec spec, IndexTable<K> table) {
        super(spec);
        this.spec = spec;
        this.table = table;
        this.params = table != null && table.mode() == Encoding.Mode.TF_IDF && table.fromAsset() && spec.writer() != null
                && spec.writer().isLegacy() ? 1 : 0;
    }

    /** tf.keras counts the scalar num_documents variable of a tf_idf layer built without a vocabulary. */
    @Override
    public long paramCount() {
        return params;
    }

    @Override
    public Shape outputShape(Shape in) {
        return Encoding.outputShape(spec, in, table.mode(), table.depth());
    }

    /** The indices {@code idx} of an input of shape {@code in}, encoded by the table's output mode. */
    protected Tensor encode(Shape in, int[] idx) {
        return Encoding.encode(in, idx, table.mode(), table.depth(), table.idf());
    }

    /** The table options read from the config keys every lookup layer shares (pad_to_max_tokens, max_tokens). */
    static <K> IndexTable.Options<K> options(Config c, Encoding.Mode mode, boolean invert, K mask, K oov, int numOov) {
        return new IndexTable.Options<>(mode, invert, mask, oov, numOov, c.getBool("pad_to_max_tokens", false),
                c.has("max_tokens") ? c.requireInt("max_tokens") : null);
    }
}
