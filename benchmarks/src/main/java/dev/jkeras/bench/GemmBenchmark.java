package dev.jkeras.bench;

import dev.jkeras.kernel.MatMul;
import java.util.SplittableRandom;
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

/** {@link MatMul#gemm} on n×n×n (2·n³ flops per call); the pool size follows -Djkeras.threads. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBenchmark {
    @Param({"256", "1024"})
    public int n;

    private float[] a, b, c;

    @Setup
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(7);
        a = new float[n * n];
        b = new float[n * n];
        c = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (rnd.nextDouble() * 2 - 1);
            b[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
    }

    @Benchmark
    public float[] gemm() {
        MatMul.gemm(n, n, n, a, 0, n, b, 0, n, c, 0, n);
        return c;
    }
}
