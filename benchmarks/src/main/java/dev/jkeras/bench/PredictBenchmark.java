package dev.jkeras.bench;

import dev.jkeras.graph.Model;
import dev.jkeras.load.KerasModels;
import dev.jkeras.tensor.Tensor;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** {@code Model.predict} on committed fixture models; time per call (one batch). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector"})
public class PredictBenchmark {
    @Param({"video_b2", "video_b32", "tfm_b32", "conv_b32", "lstm_b32"})
    public String model;

    private Model m;
    private List<Tensor> in;

    @Setup
    public void setup() {
        Fixtures.Case c = Fixtures.Case.valueOf(model);
        m = KerasModels.load(Fixtures.root().resolve(c.file));
        in = Fixtures.inputs(m.inputNames(), m.inputShapes(), c.batch);
    }

    @Benchmark
    public List<Tensor> predict() {
        return m.predict(in);
    }
}
