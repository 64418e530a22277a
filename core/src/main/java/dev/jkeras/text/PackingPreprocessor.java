// What every KerasHub preprocessor here holds: its name, the tokenizer it applies and its packer's settings.
package dev.jkeras.text;

import java.util.Objects;

/** Internal: the state and accessors shared by the {@link TextPreprocessor} implementations; {@code O} is the packer's settings. */
abstract class PackingPreprocessor<O> implements TextPreprocessor {
    protected final String name;
    protected final Tokenizer tokenizer;
    protected final O options;

    PackingPreprocessor(String name, Tokenizer tokenizer, O options) {
        this.name = Objects.requireNonNull(name, "name");
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** The packer's settings. */
    public O options() {
        return options;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + ", sequence_length " + sequenceLength() + "]";
    }
}
