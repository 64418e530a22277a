// KerasHub's TextClassifierPreprocessor family (Bert-, DistilBert-, RobertaTextClassifierPreprocessor) on the
// TensorFlow path: tokenize each segment, trim to the budget, pack [start] seg0 [sep] seg1 ... [end], pad right.
// padding_mask is token_ids != pad id (so a [PAD] typed in the text is masked too, as in KerasHub).
package dev.jkeras.text;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A KerasHub {@code TextClassifierPreprocessor}: token_ids, padding_mask and (BERT) segment_ids. */
public final class TextClassifierPreprocessor extends PackingPreprocessor<TextClassifierPreprocessor.Options> {
    /** How the packer shortens examples that do not fit: KerasHub's {@code truncate}. */
    public enum Truncate { ROUND_ROBIN, WATERFALL }

    /**
     * The packer's settings.
     *
     * @param sequenceLength the padded length of every row
     * @param truncate       the trimming algorithm
     * @param startId        the id put first ({@code [CLS]}, {@code <s>})
     * @param sepIds         the ids put between two segments ({@code [SEP]}; RoBERTa: {@code </s></s>})
     * @param endId          the id put last ({@code [SEP]}, {@code </s>})
     * @param padId          the id of padding ({@code [PAD]}, {@code <pad>})
     * @param segmentIds     whether to output {@code segment_ids} (BERT; DistilBERT and RoBERTa drop them)
     */
    public record Options(int sequenceLength, Truncate truncate, int startId, List<Integer> sepIds, int endId, int padId, boolean segmentIds) {
        public Options {
            Objects.requireNonNull(truncate, "truncate");
            sepIds = List.copyOf(sepIds);
        }
    }

    private final List<String> outputs;

    /**
     * @throws ModelFormatException if the sequence length cannot hold the start and end tokens
     */
    public TextClassifierPreprocessor(String name, Tokenizer tokenizer, Options options) {
        super(name, tokenizer, options);
        if (options.sequenceLength() < 2) {
            throw new ModelFormatException(name + ": sequence_length " + options.sequenceLength() + " cannot hold the start and end tokens");
        }
        this.outputs = options.segmentIds() ? List.of("token_ids", "padding_mask", "segment_ids") : List.of("token_ids", "padding_mask");
    }

    @Override
    public int sequenceLength() {
        return options.sequenceLength();
    }

    @Override
    public List<String> outputNames() {
        return outputs;
    }

    @Override
    public int maxSegments() {
        return Integer.MAX_VALUE;
    }

    @Override
    public Map<String, Tensor> applySegments(List<List<String>> examples) {
        int segments = Packing.segmentCount(examples, maxSegments(), name);
        int length = options.sequenceLength();
        int budget = length - 2 - (segments - 1) * options.sepIds().size();
        List<int[]> ids = new ArrayList<>(examples.size());
        List<int[]> segs = new ArrayList<>(examples.size());
        for (List<String> example : examples) {
            int[][] tokens = new int[segments][];
            int[] lengths = new int[segments];
            for (int s = 0; s < segments; s++) {
                tokens[s] = tokenizer.tokenize(example.get(s));
                lengths[s] = tokens[s].length;
            }
            int[] keep = Packing.trim(lengths, budget, options.truncate() == Truncate.ROUND_ROBIN);
            int[] row = new int[length];
            int[] seg = new int[length];
            int n = 0;
            row[n++] = options.startId();
            for (int s = 0; s < segments; s++) {
                for (int i = 0; i < keep[s] && n < length; i++) {
                    seg[n] = s;
                    row[n++] = tokens[s][i];
                }
                List<Integer> after = s == segments - 1 ? List.of(options.endId()) : options.sepIds();
                for (int id : after) {
                    if (n < length) {
                        seg[n] = s;
                        row[n++] = id;
                    }
                }
            }
            ids.add(java.util.Arrays.copyOf(row, n));
            segs.add(java.util.Arrays.copyOf(seg, n));
        }
        Tensor tokenIds = Packing.rows(ids, length, options.padId());
        float[] mask = new float[tokenIds.size()];
        float[] t = tokenIds.data();
        for (int i = 0; i < mask.length; i++) mask[i] = t[i] != options.padId() ? 1f : 0f;
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("token_ids", tokenIds);
        out.put("padding_mask", Tensor.of(tokenIds.shape(), mask));
        if (options.segmentIds()) out.put("segment_ids", Packing.rows(segs, length, 0));
        return out;
    }
}
