package dev.jkeras.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.jkeras.graph.Model;
import dev.jkeras.load.KerasModels;
import dev.jkeras.tensor.Tensor;
import java.nio.FloatBuffer;
import java.util.Map;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One batch through a real-size model (benchmarks/models/, made by peer_models.py), by jkeras or
 * by ONNX Runtime (Java API, in-process, CPU) on the tf2onnx conversion of the same weights, with
 * the same input file. Setup checks the engine's output against Keras 3's saved output and refuses
 * to time a case that disagrees by more than 1e-2 relative. The thread count of both engines is
 * {@code -Djkeras.threads} (ORT: intra-op threads, default 2; inter-op 1, sequential execution,
 * all graph optimizations). ORT's output stays in its native tensor (not copied to the Java heap);
 * jkeras returns a heap {@code float[]}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PeerBenchmark {
    @Param({"mlp_b256", "mlp_b1", "resnet50_b1", "mobilenetv2_b1", "transformer_b8", "transformer_b1",
            "lstm_b32", "lstm_b1", "gru_b32", "td_conv_b32", "video_b8"})
    public String kase;

    @Param({"jkeras", "ort"})
    public String engine;

    private Model jk;
    private Tensor in;

    private OrtEnvironment env;
    private OrtSession session;
    private OnnxTensor ortIn;
    private Map<String, OnnxTensor> feeds;

    @Setup
    public void setup() throws OrtException {
        String model = PeerModels.model(kase);
        Npy x = Npy.read(PeerModels.file(model, kase + ".npy"));
        Npy ref = Npy.read(PeerModels.file(model, kase + "_out.npy"));
        switch (engine) {
            case "jkeras": {
                jk = KerasModels.load(PeerModels.file(model, model + ".keras"));
                in = PeerModels.jkerasInput(x);
                Tensor y = jk.predict(in);
                long[] shape = new long[y.rank()];
                for (int i = 0; i < shape.length; i++) shape[i] = y.dim(i);
                float[] d = y.data();
                PeerModels.check(kase + " jkeras", shape, i -> d[(int) i], ref);
                break;
            }
            case "ort": {
                env = OrtEnvironment.getEnvironment();
                session = env.createSession(PeerModels.file(model, model + ".onnx").toString(), PeerModels.ortOptions());
                ortIn = PeerModels.ortInput(env, session, x);
                feeds = Map.of(session.getInputNames().iterator().next(), ortIn);
                try (OrtSession.Result r = session.run(feeds)) {
                    OnnxTensor y = (OnnxTensor) r.get(0);
                    FloatBuffer d = y.getFloatBuffer();
                    PeerModels.check(kase + " ort " + env.getVersion()
                            + " threads=" + Integer.getInteger("jkeras.threads", 2), y.getInfo().getShape(), i -> d.get((int) i), ref);
                }
                break;
            }
            default:
                throw new IllegalArgumentException("engine " + engine + ": jkeras or ort");
        }
    }

    @TearDown
    public void tearDown() throws OrtException {
        if (ortIn != null) ortIn.close();
        if (session != null) session.close();
    }

    @Benchmark
    public Object predict() throws OrtException {
        if (jk != null) return jk.predict(in);
        try (OrtSession.Result r = session.run(feeds)) {
            return r.get(0);
        }
    }
}
