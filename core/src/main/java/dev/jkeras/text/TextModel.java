package dev.jkeras.text;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.graph.Model;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model together with the KerasHub preprocessor saved with it: text in, the model's outputs out, as
 * KerasHub's {@code task.predict(texts)} computes them. Immutable and thread-safe.
 *
 * <pre>{@code
 * TextModel m = TextModels.load(Path.of("classifier.keras"));   // keras-import
 * Map<String, Tensor> out = m.predict(List.of("Great movie!", "terrible plot"));
 * }</pre>
 */
public final class TextModel {
    private final Model model;
    private final TextPreprocessor preprocessor;

    /**
     * @throws ModelFormatException if the model takes an input the preprocessor does not make, or a string input
     */
    public TextModel(Model model, TextPreprocessor preprocessor) {
        this.model = Objects.requireNonNull(model, "model");
        this.preprocessor = Objects.requireNonNull(preprocessor, "preprocessor");
        List<String> made = preprocessor.outputNames();
        for (int i = 0; i < model.inputNames().size(); i++) {
            String in = model.inputNames().get(i);
            if (!made.contains(in) || model.inputDTypes().get(i) == DType.STRING) {
                throw new ModelFormatException("the preprocessor " + preprocessor.name() + " makes the inputs " + made + ", but the model "
                        + "takes " + model.inputNames() + (made.contains(in) ? " ('" + in + "' as strings)" : "") + "; they do not fit together");
            }
        }
    }

    /** The model. */
    public Model model() {
        return model;
    }

    /** The preprocessor. */
    public TextPreprocessor preprocessor() {
        return preprocessor;
    }

    /** The model's outputs, keyed by output name, for a batch of texts. */
    public Map<String, Tensor> predict(List<String> texts) {
        return predictPreprocessed(preprocessor.apply(texts));
    }

    /** The model's outputs for one text (a batch of one). */
    public Map<String, Tensor> predict(String text) {
        return predict(List.of(text));
    }

    /** The model's outputs for examples of several segments each (text pairs), see {@link TextPreprocessor#applySegments}. */
    public Map<String, Tensor> predictSegments(List<List<String>> examples) {
        return predictPreprocessed(preprocessor.applySegments(examples));
    }

    /** The model's outputs for what {@link #preprocessor()} made (outputs the model does not take are ignored). */
    public Map<String, Tensor> predictPreprocessed(Map<String, Tensor> made) {
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (String n : model.inputNames()) inputs.put(n, made.get(n));
        return model.predict(inputs);
    }

    @Override
    public String toString() {
        return "TextModel[" + preprocessor.name() + " -> " + model.name() + "]";
    }
}
