// KerasHub's GPT2CausalLMPreprocessor (CausalLMPreprocessor) and GPT2Preprocessor on the TensorFlow path: the
// tokens cut to leave room for the start/end tokens, packed and padded (StartEndPacker); padding_mask marks the
// packed positions. The causal LM variant packs sequence_length + 1 and drops the last column, as its call() does.
package dev.jkeras.text;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A KerasHub {@code CausalLMPreprocessor} or {@code GPT2Preprocessor}: token_ids and padding_mask. */
public final class CausalLMPreprocessor extends PackingPreprocessor<CausalLMPreprocessor.Options> {
    /**
     * The packer's settings.
     *
     * @param sequenceLength the length of the outputs
     * @param addStartToken  put the start id first
     * @param addEndToken    put the end id last
     * @param startId        the start id ({@code <|endoftext|>} for GPT-2)
     * @param endId          the end id ({@code <|endoftext|>} for GPT-2)
     * @param padId          the padding id (0 for GPT-2, whatever the vocabulary)
     * @param causalLm       pack {@code sequenceLength + 1} tokens and return all but the last
     *                       ({@code CausalLMPreprocessor}); false: pack {@code sequenceLength} ({@code GPT2Preprocessor})
     */
    public record Options(int sequenceLength, boolean addStartToken, boolean addEndToken, int startId, int endId, int padId, boolean causalLm) {}


    /**
     * @throws ModelFormatException if the sequence length cannot hold the start and end tokens
     */
    public CausalLMPreprocessor(String name, Tokenizer tokenizer, Options options) {
        super(name, tokenizer, options);
        if (budget() < 0 || options.sequenceLength() < 1) {
            throw new ModelFormatException(name + ": sequence_length " + options.sequenceLength() + " cannot hold the start and end tokens");
        }
    }

    private int packed() {
        return options.sequenceLength() + (options.causalLm() ? 1 : 0);
    }

    private int budget() {
        return packed() - (options.addStartToken() ? 1 : 0) - (options.addEndToken() ? 1 : 0);
    }

    @Override
    public int sequenceLength() {
        return options.sequenceLength();
    }

    @Override
    public List<String> outputNames() {
        return List.of("token_ids", "padding_mask");
    }

    @Override
    public int maxSegments() {
        return 1;
    }

    @Override
    public Map<String, Tensor> applySegments(List<List<String>> examples) {
        Packing.segmentCount(examples, 1, name);
        int length = options.sequenceLength();
        int batch = examples.size();
        float[] ids = new float[batch * length];
        float[] mask = new float[batch * length];
        java.util.Arrays.fill(ids, options.padId());
        for (int b = 0; b < batch; b++) {
            int[] tokens = tokenizer.tokenize(examples.get(b).get(0));
            int[] row = new int[packed()];
            int n = 0;
            if (options.addStartToken()) row[n++] = options.startId();
            for (int i = 0; i < Math.min(tokens.length, budget()); i++) row[n++] = tokens[i];
            if (options.addEndToken()) row[n++] = options.endId();
            for (int i = 0; i < Math.min(n, length); i++) {
                ids[b * length + i] = row[i];
                mask[b * length + i] = 1f;
            }
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("token_ids", Tensor.of(Shape.of(batch, length), ids));
        out.put("padding_mask", Tensor.of(Shape.of(batch, length), mask));
        return out;
    }
}
