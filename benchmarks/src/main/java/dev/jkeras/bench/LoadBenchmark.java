package dev.jkeras.bench;

import dev.jkeras.graph.Model;
import dev.jkeras.load.KerasModels;
import java.nio.file.Path;
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

/** {@code KerasModels.load} of a .keras file (file in the OS cache; warm JVM). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector"})
public class LoadBenchmark {
    @Param({"video_b2", "tfm_b32"})
    public String model;

    private Path file;

    @Setup
    public void setup() {
        file = Fixtures.root().resolve(Fixtures.Case.valueOf(model).file);
    }

    @Benchmark
    public Model load() {
        return KerasModels.load(file);
    }
}
