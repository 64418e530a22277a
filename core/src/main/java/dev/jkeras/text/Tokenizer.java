package dev.jkeras.text;

import java.util.List;

/**
 * A KerasHub tokenizer: text to token ids, exactly as KerasHub computes them on its TensorFlow path
 * (the one {@code Task.predict} and {@code tf.data} pipelines run). Immutable and thread-safe.
 */
public interface Tokenizer {
    /**
     * The token ids of one text, as KerasHub's tokenizer layer returns them for one string: padded with 0
     * or truncated to the tokenizer's own {@code sequence_length} when it has one.
     *
     * @throws dev.jkeras.error.InputException if the text cannot be tokenized exactly (e.g. a lone surrogate)
     */
    int[] tokenize(String text);

    /** The tokens of one text as strings (the vocabulary entries the ids stand for), never padded or truncated. */
    List<String> tokens(String text);

    /** The number of vocabulary entries. */
    int vocabularySize();

    /** The id of a vocabulary entry, or -1 if the vocabulary does not have it. */
    int tokenToId(String token);

    /** The vocabulary entry of an id, or null if no entry has that id. */
    String idToToken(int id);

    /** The tokenizer's layer name and KerasHub class, for messages (e.g. {@code bert_tokenizer (BertTokenizer)}). */
    String name();
}
