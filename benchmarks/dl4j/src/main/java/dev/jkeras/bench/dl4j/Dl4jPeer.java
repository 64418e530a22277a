package dev.jkeras.bench.dl4j;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Optional DL4J peer: imports benchmarks/models/NAME_tfkeras.h5 (the tf_keras twin of NAME.keras,
 * written by {@code peer_models.py --h5}) with Deeplearning4j's Keras import, checks its output on
 * NAME_bB.npy against Keras's NAME_bB_out.npy, and times {@code output(x)}: median over 5 rounds of
 * ~1 s after ~2 s of warm-up. One JSON object per line on stdout; a case that does not import or
 * does not match prints {"case": ..., "error": ...}. Threads: OMP_NUM_THREADS (set by run.sh).
 * Usage: benchmarks/dl4j/run.sh CASE ...   (e.g. mlp_b256 lstm_b32 resnet50_b1)
 */
public final class Dl4jPeer {
    private Dl4jPeer() {}

    interface Net {
        INDArray output(INDArray x);
    }

    public static void main(String[] args) {
        File dir = new File(System.getProperty("jkeras.models", "benchmarks/models"));
        for (String kase : args) {
            String name = kase.substring(0, kase.lastIndexOf("_b"));
            try {
                run(dir, kase, name);
            } catch (Throwable e) {
                String msg = (e.getClass().getSimpleName() + ": " + e.getMessage()).replace("\\", "/").replace("\"", "'").replace("\n", " ");
                if (msg.length() > 300) msg = msg.substring(0, 300) + "...";
                System.out.printf(Locale.ROOT, "{\"case\": \"%s\", \"style\": \"dl4j\", \"error\": \"%s\"}%n", kase, msg);
            }
        }
    }

    private static void run(File dir, String kase, String name) throws Exception {
        String h5 = new File(dir, name + "_tfkeras.h5").getPath();
        long t0 = System.nanoTime();
        Net net;
        try {
            ComputationGraph g = KerasModelImport.importKerasModelAndWeights(h5, false);
            net = x -> g.outputSingle(x);
        } catch (Exception functionalFailed) {
            if (!String.valueOf(functionalFailed.getMessage()).contains("Sequential")) throw functionalFailed;
            MultiLayerNetwork m = KerasModelImport.importKerasSequentialModelAndWeights(h5, false);
            net = x -> m.output(x);
        }
        double loadMs = (System.nanoTime() - t0) / 1e6;
        INDArray x = Nd4j.createFromNpyFile(new File(dir, kase + ".npy")).castTo(DataType.FLOAT);
        INDArray ref = Nd4j.createFromNpyFile(new File(dir, kase + "_out.npy")).castTo(DataType.FLOAT);
        System.err.printf(Locale.ROOT, "[dl4j] %s: imported in %.0f ms; input %s%n", kase, loadMs, java.util.Arrays.toString(x.shape()));
        long f0 = System.nanoTime();
        INDArray y = net.output(x);
        System.err.printf(Locale.ROOT, "[dl4j] %s: first output %s in %.0f ms%n", kase, java.util.Arrays.toString(y.shape()), (System.nanoTime() - f0) / 1e6);
        if (y.length() != ref.length()) {
            throw new IllegalStateException("output shape " + java.util.Arrays.toString(y.shape()) + " vs Keras " + java.util.Arrays.toString(ref.shape()));
        }
        INDArray yf = y.reshape(ref.shape()).castTo(DataType.FLOAT);
        double maxAbs = yf.sub(ref).amaxNumber().doubleValue();
        double rel = maxAbs / Math.max(ref.amaxNumber().doubleValue(), 1e-30);
        if (!(rel <= 1e-2)) throw new IllegalStateException(String.format(Locale.ROOT, "output differs from Keras's: rel %.3g", rel));

        Net n = net;
        long w0 = System.nanoTime();
        int warm = 0;
        while (warm < 3 || System.nanoTime() - w0 < 2e9) {
            n.output(x);
            warm++;
        }
        double per = (System.nanoTime() - w0) / 1e6 / warm;
        int calls = (int) Math.max(1, Math.min(100, Math.ceil(1000 / per)));
        List<Double> rounds = new ArrayList<>();
        for (int r = 0; r < 5; r++) {
            long s = System.nanoTime();
            for (int i = 0; i < calls; i++) n.output(x);
            rounds.add((System.nanoTime() - s) / 1e6 / calls);
        }
        rounds.sort(null);
        System.out.printf(Locale.ROOT, "{\"case\": \"%s\", \"style\": \"dl4j\", \"median_ms\": %.4f, \"min_ms\": %.4f, \"max_ms\": %.4f, "
                        + "\"rounds\": 5, \"calls\": %d, \"check_rel\": %.3g, \"load_ms\": %.1f, \"omp_threads\": \"%s\"}%n",
                kase, rounds.get(2), rounds.get(0), rounds.get(4), calls, rel, loadMs, System.getenv("OMP_NUM_THREADS"));
    }
}
