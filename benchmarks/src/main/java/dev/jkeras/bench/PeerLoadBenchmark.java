package dev.jkeras.bench;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.jkeras.load.KerasModels;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to a usable model from a real-size file (benchmarks/models/; file in the OS cache, warm
 * JVM): jkeras {@code KerasModels.load} of NAME.keras, or ONNX Runtime session creation (graph
 * optimization included, session closed again) on NAME.onnx.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PeerLoadBenchmark {
    @Param({"resnet50", "mobilenetv2"})
    public String model;

    @Param({"jkeras", "ort"})
    public String engine;

    private String file;
    private OrtEnvironment env;

    @Setup
    public void setup() {
        file = PeerModels.file(model, model + (engine.equals("ort") ? ".onnx" : ".keras")).toString();
        if (engine.equals("ort")) env = OrtEnvironment.getEnvironment();
    }

    @Benchmark
    public Object load() throws OrtException {
        if (env == null) return KerasModels.load(java.nio.file.Path.of(file));
        try (OrtSession s = env.createSession(file, PeerModels.ortOptions())) {
            return s.getNumOutputs();
        }
    }
}
