package dev.jkeras.nd4j;

import dev.jkeras.error.InputException;
import dev.jkeras.graph.Model;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A jkeras {@link Model} that takes and returns ND4J {@link INDArray}s:
 *
 * <pre>{@code
 * Nd4jModel m = Nd4jModel.of(KerasModels.load(Path.of("model.keras")));
 * INDArray y = m.predict(x);                  // x: [batch, ...] as Keras takes it, any layout and numeric type
 * }</pre>
 *
 * Inputs are converted by {@link Nd4jTensors#toTensor} (one bulk copy for a C-ordered array, see there)
 * and checked by the model as {@link Model#predict} checks tensors: a wrong shape, a missing input or
 * a value outside an integer input's range is an {@link InputException} naming the input. Outputs come
 * in the dtype Keras returns them in ({@link Model#outputDTypes()}: {@code FLOAT} for float32, {@code LONG}
 * for an int64 argmax, {@code BOOL} for a comparison, {@code UTF8} for strings), each a new C-ordered array
 * that the caller owns.
 *
 * <p>Views of the model wrap the same way: {@code Nd4jModel.of(model.withOutputs(List.of("conv1")))} returns
 * intermediate layer outputs, {@code Nd4jModel.of(model.withThreads(2))} caps the threads a call uses.
 *
 * <p>Immutable and thread-safe, as the model it wraps; the model itself runs in pure Java, ND4J only
 * holds the arrays.
 */
public final class Nd4jModel {
    private final Model model;

    private Nd4jModel(Model model) {
        this.model = model;
    }

    /** Wraps {@code model} (not copied: the wrapper shares its weights). */
    public static Nd4jModel of(Model model) {
        return new Nd4jModel(Objects.requireNonNull(model, "model"));
    }

    /** The wrapped model: its input and output names, shapes and dtypes, and the {@link Tensor} API. */
    public Model model() {
        return model;
    }

    /**
     * Runs a single-input single-output model.
     *
     * @throws InputException if the model has several inputs or outputs, or {@code x} does not fit its input
     */
    public INDArray predict(INDArray x) {
        if (model.inputNames().size() != 1 || model.outputNames().size() != 1) {
            throw new InputException(model.name() + " has " + model.inputNames().size() + " inputs and " + model.outputNames().size()
                    + " outputs; use predict(List) or predict(Map)");
        }
        return predict(Collections.singletonList(x)).get(0);
    }

    /**
     * Runs the model on inputs in {@link Model#inputNames()} order; outputs in {@link Model#outputNames()} order.
     *
     * @throws InputException if the count of inputs is wrong or one does not fit its input
     */
    public List<INDArray> predict(List<INDArray> inputs) {
        if (inputs == null) throw new InputException(model.name() + ": the list of inputs is null");
        List<String> names = model.inputNames();
        if (inputs.size() != names.size()) {
            throw new InputException(model.name() + ": expected " + names.size() + " input(s) " + names + ", found " + inputs.size());
        }
        List<Tensor> xs = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) xs.add(Nd4jTensors.toTensor(inputs.get(i), "input '" + names.get(i) + "'"));
        List<Tensor> ys = model.predict(xs);
        List<INDArray> out = new ArrayList<>(ys.size());
        for (int i = 0; i < ys.size(); i++) out.add(output(i, ys.get(i)));
        return out;
    }

    /**
     * Runs the model on inputs keyed by input name; outputs keyed by output name, in
     * {@link Model#outputNames()} order.
     *
     * @throws InputException if an input is missing or unknown, or does not fit its input
     */
    public Map<String, INDArray> predict(Map<String, INDArray> inputs) {
        if (inputs == null) throw new InputException(model.name() + ": the map of inputs is null");
        Map<String, Tensor> xs = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : inputs.entrySet()) {
            xs.put(e.getKey(), Nd4jTensors.toTensor(e.getValue(), "input '" + e.getKey() + "'"));
        }
        Map<String, Tensor> ys = model.predict(xs);
        Map<String, INDArray> out = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, Tensor> e : ys.entrySet()) out.put(e.getKey(), output(i++, e.getValue()));
        return out;
    }

    private INDArray output(int i, Tensor y) {
        DType t = model.outputDTypes().get(i);
        return Nd4jTensors.toINDArray(y, y.isString() == (t == DType.STRING) ? t : y.dtype());
    }

    @Override
    public String toString() {
        return "Nd4jModel[" + model + "]";
    }
}
