package dev.jkeras.bench;

import dev.jkeras.graph.Model;
import dev.jkeras.load.KerasModels;
import dev.jkeras.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Heap used by jkeras for one peer case (not a JMH benchmark):
 * <pre>
 * java --add-modules jdk.incubator.vector -Djkeras.threads=1 -cp benchmarks/target/benchmarks.jar \
 *      dev.jkeras.bench.PeakHeap resnet50_b1 [calls=5]
 * </pre>
 * Prints (MiB): the model's retained heap after load (used after a full GC, minus the baseline),
 * and the peak heap during load and during {@code calls} predicts. A peak is the sum over the heap
 * memory pools (eden, survivor, old) of each pool's peak usage since a reset just after a
 * System.gc(); pools peak at different moments, so this is an upper bound on the true peak, and it
 * includes garbage not yet collected (it depends on -Xmx and the collector: for a tighter figure
 * run with a small -Xmx, e.g. -Xmx1g, and raise it until the run no longer fails). Also prints
 * the bytes allocated per predict by the calling thread (all of them when -Djkeras.threads=1), and
 * the NIO direct / mapped buffer pools (off-heap memory is not in the heap figures).
 */
public final class PeakHeap {
    private PeakHeap() {}

    private static final double MIB = 1 << 20;

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).collect(Collectors.toList());
    }

    private static long used() {
        System.gc();
        System.gc();
        return heapPools().stream().mapToLong(p -> p.getUsage().getUsed()).sum();
    }

    private static void resetPeaks() {
        System.gc();
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peak() {
        return heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: PeakHeap CASE [calls]   (CASE e.g. resnet50_b1; files from benchmarks/models/)");
            System.exit(2);
        }
        String kase = args[0];
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String model = PeerModels.model(kase);
        Tensor in = PeerModels.jkerasInput(Npy.read(PeerModels.file(model, kase + ".npy")));
        long base = used();
        resetPeaks();
        Model m = KerasModels.load(PeerModels.file(model, model + ".keras"));
        long loadPeak = peak();
        long retained = used() - base;
        resetPeaks();
        long a0 = allocated();
        Tensor y = null;
        for (int i = 0; i < calls; i++) y = m.predict(in);
        long perCall = (allocated() - a0) / calls;
        long predictPeak = peak();
        System.out.printf(Locale.ROOT, "%s: threads %d, max heap %.0f MiB, input %.1f MiB, output %.1f MiB%n", kase,
                Integer.getInteger("jkeras.threads", Runtime.getRuntime().availableProcessors()),
                Runtime.getRuntime().maxMemory() / MIB, in.size() * 4 / MIB, y.size() * 4 / MIB);
        System.out.printf(Locale.ROOT, "  %-30s %9.1f MiB%n", "model retained after load", retained / MIB);
        System.out.printf(Locale.ROOT, "  %-30s %9.1f MiB (above the baseline %.1f MiB)%n", "peak heap during load", (loadPeak - base) / MIB, base / MIB);
        System.out.printf(Locale.ROOT, "  %-30s %9.1f MiB (total used, model and input included)%n", "peak heap during " + calls + " predicts", predictPeak / MIB);
        System.out.printf(Locale.ROOT, "  %-30s %9.1f MiB (calling thread)%n", "allocated per predict", perCall / MIB);
        for (java.lang.management.BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class)) {
            System.out.printf(Locale.ROOT, "  %-30s %9.1f MiB in %d buffers (off-heap, not in the figures above)%n",
                    "NIO " + b.getName() + " buffers now", b.getMemoryUsed() / MIB, b.getCount());
        }
    }
}
