// Load-time rewrite of the executor plan, as ONNX Runtime and XLA do: an inference BatchNormalization that alone
// reads the output of a Conv/Dense with linear activation is folded into that layer's weights, an elementwise
// activation layer that alone reads it becomes its fused activation, and a ZeroPadding that alone feeds a "valid"
// convolution becomes that convolution's own padding. -Djkeras.fold=false turns all three off (read at each build).
package dev.jkeras.graph;

import dev.jkeras.kernel.ActivationFn;
import dev.jkeras.layer.ActivationFusion;
import dev.jkeras.layer.ChannelAffine;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.PaddingFusion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Folds affine and activation steps into the linear step that feeds them. */
final class Folding {

    private Folding() {}

    /** A rewritten plan and the layer that replaced each original (whose weights it may have taken). */
    record Result(List<Model.Step> steps, Map<Layer, Layer> replaced) {}

    /** The plan with every foldable (producer, follower) pair replaced by one step; {@code steps} is not modified. */
    static Result fold(List<Model.Step> steps, int slotCount, int[] outputSlots) {
        Map<Layer, Layer> replaced = new IdentityHashMap<>();
        if ("false".equalsIgnoreCase(System.getProperty("jkeras.fold"))) return new Result(steps, replaced);
        Map<Layer, Integer> callsOf = new IdentityHashMap<>();
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
        Map<Layer, Layer> originOf = new IdentityHashMap<>();
        boolean[] removed = new boolean[steps.size()];
        for (int p = 0; p < steps.size(); p++) {
            Model.Step s = steps.get(p);
            if (s.args().length != 1 || !s.tensorKwargs().isEmpty() || s.inputIndex() >= 0) continue;
            int a = s.args()[0];
            Integer q = producer.get(a);
            if (uses[a] != 1 || q == null) continue;
            Model.Step ps = out.get(q);
            // a layer with several calls keeps its weights: folding may rescale them in place
            if (ps.outs().length != 1 || ps.inputIndex() >= 0 || ps.layer().isStateful() || callsOf.getOrDefault(ps.layer(), 1) != 1) continue;
            Layer folded = merge(ps.layer(), s.layer());
            if (folded == null) {
                // a zero padding feeding a "valid" convolution: the convolution takes the padding over
                folded = s.layer() instanceof PaddingFusion.Target t && ps.layer() instanceof PaddingFusion.Source src
                        && callsOf.getOrDefault(s.layer(), 1) == 1 && s.kwargs().isEmpty() && ps.tensorKwargs().isEmpty()
                        ? t.withInputPadding(src.firstSpatialAxis(), src.padding()) : null;
                if (folded == null) continue;
                originOf.put(folded, originOf.getOrDefault(s.layer(), s.layer()));
                replaced.put(originOf.get(folded), folded);
            }
            List<Integer> free = new ArrayList<>();
            for (int f : ps.freeAfter()) free.add(f);
            for (int f : s.freeAfter()) if (f != a) free.add(f);
            out.set(q, new Model.Step(folded, ps.args(), ps.tensorKwargs(), ps.kwargs(), ps.argTypes(), ps.kwTypes(), s.outs(),
                    free.stream().mapToInt(Integer::intValue).toArray(), ps.inputIndex()));
            removed[p] = true;
            for (int o : s.outs()) producer.put(o, q);
            if (!originOf.containsKey(folded)) {
                Layer origin = originOf.getOrDefault(ps.layer(), ps.layer());
                originOf.put(folded, origin);
                replaced.put(origin, folded);
            }
        }
        List<Model.Step> kept = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) if (!removed[i]) kept.add(out.get(i));
        return new Result(kept, replaced);
    }

    /** {@code producer} followed by {@code follower} as one layer, or null. */
    private static Layer merge(Layer producer, Layer follower) {
        if (follower instanceof ChannelAffine.Source src && producer instanceof ChannelAffine target) {
            return target.foldScaleShift(src.channelAxis(), src.rank(), src.scale(), src.shift());
        }
        if (follower instanceof ActivationFusion.Source src && producer instanceof ActivationFusion.Target target) {
            ActivationFn fn = src.fusableActivation();
            return fn == null ? null : target.withActivation(fn);
        }
        return null;
    }
}
