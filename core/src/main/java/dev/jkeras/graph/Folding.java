// Load-time rewrite of the executor plan: an inference BatchNormalization that alone reads the output of a
// Conv/Dense with linear activation is folded into that layer's weights (as ONNX Runtime and XLA do).
// Off with -Djkeras.fold=false, which runs every layer exactly as written.
package dev.jkeras.graph;

import dev.jkeras.layer.ChannelAffine;
import dev.jkeras.layer.Layer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Folds per-channel affine steps into the linear step that feeds them. */
final class Folding {
    private static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("jkeras.fold"));

    private Folding() {}

    /** A rewritten plan and the folded layer that replaced each original (whose weights it may have taken). */
    record Result(List<Model.Step> steps, Map<Layer, Layer> replaced) {}

    /** The plan with every foldable (producer, affine) pair replaced by one step; {@code steps} is not modified. */
    static Result foldChannelAffine(List<Model.Step> steps, int slotCount, int[] outputSlots) {
        Map<Layer, Layer> replaced = new java.util.IdentityHashMap<>();
        if (!ENABLED) return new Result(steps, replaced);
        Map<Layer, Integer> callsOf = new java.util.IdentityHashMap<>();
        for (Model.Step s : steps) callsOf.merge(s.layer(), 1, Integer::sum);
        int[] uses = new int[slotCount];
        Map<Integer, Integer> producer = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            Model.Step s = steps.get(i);
            for (int a : s.args()) uses[a]++;
            for (int[] refs : s.tensorKwargs().values()) for (int a : refs) uses[a]++;
            for (int o : s.outs()) producer.put(o, i);
        }
        for (int o : outputSlots) uses[o]++;
        List<Model.Step> out = new ArrayList<>(steps);
        boolean[] removed = new boolean[steps.size()];
        for (int p = 0; p < steps.size(); p++) {
            Model.Step s = steps.get(p);
            if (!(s.layer() instanceof ChannelAffine.Source src) || s.args().length != 1 || !s.tensorKwargs().isEmpty()
                    || s.inputIndex() >= 0) {
                continue;
            }
            int a = s.args()[0];
            Integer q = producer.get(a);
            if (uses[a] != 1 || q == null) continue;
            Model.Step ps = out.get(q);
            if (ps.outs().length != 1 || ps.inputIndex() >= 0 || !(ps.layer() instanceof ChannelAffine target)
                    || ps.layer().isStateful() || callsOf.get(ps.layer()) != 1) {
                // a layer with several calls keeps its weights: folding may rescale them in place
                continue;
            }
            Layer folded = target.foldScaleShift(src.channelAxis(), src.rank(), src.scale(), src.shift());
            if (folded == null) continue;
            List<Integer> free = new ArrayList<>();
            for (int f : ps.freeAfter()) free.add(f);
            for (int f : s.freeAfter()) if (f != a) free.add(f);
            out.set(q, new Model.Step(folded, ps.args(), ps.tensorKwargs(), ps.kwargs(), s.outs(),
                    free.stream().mapToInt(Integer::intValue).toArray(), ps.inputIndex()));
            removed[p] = true;
            replaced.put(ps.layer(), folded);
        }
        List<Model.Step> kept = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) if (!removed[i]) kept.add(out.get(i));
        return new Result(kept, replaced);
    }
}
