package dev.jkeras.text;

import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A KerasHub text preprocessor: a batch of texts to the model inputs KerasHub's preprocessor layer makes
 * of them ({@code token_ids}, {@code padding_mask}, ...), as float32 tensors of shape
 * {@code [batch, sequence_length]} (ids as exact integers, masks as 0/1). Immutable and thread-safe.
 */
public interface TextPreprocessor {
    /** The layer name and KerasHub class, for messages (e.g. {@code bert_text_classifier_preprocessor (BertTextClassifierPreprocessor)}). */
    String name();

    /** The tokenizer it applies to each text. */
    Tokenizer tokenizer();

    /** The length every output row is padded or truncated to. */
    int sequenceLength();

    /** The names of the tensors {@link #apply} returns, in order (the model's input names). */
    List<String> outputNames();

    /** How many segments one example may have: 1, or more for classifiers that pack text pairs. */
    int maxSegments();

    /** The model inputs for a batch of single texts. */
    default Map<String, Tensor> apply(List<String> texts) {
        List<List<String>> examples = new ArrayList<>(texts.size());
        for (String t : texts) examples.add(List.of(t));
        return applySegments(examples);
    }

    /** The model inputs for one text (a batch of one). */
    default Map<String, Tensor> apply(String text) {
        return apply(List.of(text));
    }

    /**
     * The model inputs for a batch of examples of one or more segments each (e.g. {@code [question, passage]});
     * every example must have the same number of segments, as KerasHub packs a tuple of equally long batches.
     *
     * @throws dev.jkeras.error.InputException if the examples differ in segment count or have more than {@link #maxSegments()}
     */
    Map<String, Tensor> applySegments(List<List<String>> examples);
}
