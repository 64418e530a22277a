package dev.jkeras.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.layer.ChannelAffine;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.UnaryLayer;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plan rewrite that folds an affine step into the linear step before it. */
class FoldingTest {
    static class Plain extends UnaryLayer {
        Plain(String name) {
            super(name, "Plain");
        }

        @Override
        public Shape outputShape(Shape in) {
            return in;
        }

        @Override
        public Tensor apply(Tensor x) {
            return x;
        }
    }

    static final class Linear extends Plain implements ChannelAffine {
        float[] foldedScale;

        Linear() {
            super("linear");
        }

        @Override
        public Layer foldScaleShift(int axis, int rank, float[] scale, float[] shift) {
            Linear l = new Linear();
            l.foldedScale = scale;
            return axis == rank - 1 ? l : null;
        }
    }

    static final class Bn extends Plain implements ChannelAffine.Source {
        final int axis;

        Bn(int axis) {
            super("bn");
            this.axis = axis;
        }

        @Override
        public int channelAxis() {
            return axis;
        }

        @Override
        public int rank() {
            return 4;
        }

        @Override
        public float[] scale() {
            return new float[] {2f};
        }

        @Override
        public float[] shift() {
            return new float[] {1f};
        }
    }

    private static Model.Step step(Layer l, int[] args, int[] outs, int[] free, int input) {
        return new Model.Step(l, args, Map.of(), Map.of(), java.util.Collections.nCopies(args.length, dev.jkeras.tensor.DType.FLOAT32), Map.of(),
                outs, free, input);
    }

    private static List<Model.Step> plan(Layer bn) {
        // slot 0 = input, 1 = linear(0), 2 = bn(1), 3 = plain(2)
        return List.of(step(new Plain("in"), new int[0], new int[] {0}, new int[0], 0),
                step(new Linear(), new int[] {0}, new int[] {1}, new int[] {0}, -1),
                step(bn, new int[] {1}, new int[] {2}, new int[] {1}, -1),
                step(new Plain("after"), new int[] {2}, new int[] {3}, new int[] {2}, -1));
    }

    @Test
    void affineAfterLinearBecomesOneStep() {
        List<Model.Step> folded = Folding.fold(plan(new Bn(3)), 4, new int[] {3}).steps();
        assertEquals(3, folded.size());
        Model.Step f = folded.get(1);
        assertTrue(f.layer() instanceof Linear l && l.foldedScale[0] == 2f);
        assertArrayEquals(new int[] {2}, f.outs());
        assertArrayEquals(new int[] {0}, f.freeAfter());
        assertArrayEquals(new int[] {2}, folded.get(2).args());
    }

    @Test
    void notFoldedWhenTheLinearOutputIsReadElsewhereOrTheAxisDiffers() {
        List<Model.Step> p = plan(new Bn(3));
        assertEquals(4, Folding.fold(p, 4, new int[] {3, 1}).steps().size());
        assertEquals(4, Folding.fold(plan(new Bn(1)), 4, new int[] {3}).steps().size());
    }

    static final class Relu extends Plain implements dev.jkeras.layer.ActivationFusion.Source {
        Relu() {
            super("relu");
        }

        @Override
        public dev.jkeras.kernel.ActivationFn function() {
            return dev.jkeras.kernel.Activations.relu(0f, null, 0f);
        }
    }

    static final class FusingLinear extends Plain implements ChannelAffine, dev.jkeras.layer.ActivationFusion.Target {
        final String how;

        FusingLinear(String how) {
            super("linear");
            this.how = how;
        }

        @Override
        public Layer foldScaleShift(int axis, int rank, float[] scale, float[] shift) {
            return new FusingLinear(how + "+bn");
        }

        @Override
        public Layer withActivation(dev.jkeras.kernel.ActivationFn fn) {
            return new FusingLinear(how + "+" + fn.name());
        }
    }

    @Test
    void convBatchNormReluBecomesOneStep() {
        List<Model.Step> p = List.of(step(new Plain("in"), new int[0], new int[] {0}, new int[0], 0),
                step(new FusingLinear("conv"), new int[] {0}, new int[] {1}, new int[] {0}, -1),
                step(new Bn(3), new int[] {1}, new int[] {2}, new int[] {1}, -1),
                step(new Relu(), new int[] {2}, new int[] {3}, new int[] {2}, -1),
                step(new Plain("after"), new int[] {3}, new int[] {4}, new int[] {3}, -1));
        Folding.Result r = Folding.fold(p, 5, new int[] {4});
        assertEquals(3, r.steps().size());
        assertEquals("conv+bn+relu", ((FusingLinear) r.steps().get(1).layer()).how);
        assertArrayEquals(new int[] {3}, r.steps().get(1).outs());
        assertEquals(r.steps().get(1).layer(), r.replaced().get(p.get(1).layer()));
    }

    static final class Pad extends Plain implements dev.jkeras.layer.PaddingFusion.Source {
        Pad() {
            super("pad");
        }

        @Override
        public int firstSpatialAxis() {
            return 1;
        }

        @Override
        public int[][] padding() {
            return new int[][] {{0, 1}, {0, 1}};
        }
    }

    static final class ValidConv extends Plain implements dev.jkeras.layer.PaddingFusion.Target {
        final int[][] pad;

        ValidConv(int[][] pad) {
            super("conv");
            this.pad = pad;
        }

        @Override
        public Layer withInputPadding(int firstSpatialAxis, int[][] p) {
            return new ValidConv(p);
        }
    }

    @Test
    void zeroPaddingBeforeAValidConvolutionBecomesItsPadding() {
        List<Model.Step> p = List.of(step(new Plain("in"), new int[0], new int[] {0}, new int[0], 0),
                step(new Pad(), new int[] {0}, new int[] {1}, new int[] {0}, -1),
                step(new ValidConv(null), new int[] {1}, new int[] {2}, new int[] {1}, -1),
                step(new Plain("after"), new int[] {2}, new int[] {3}, new int[] {2}, -1));
        Folding.Result r = Folding.fold(p, 4, new int[] {3});
        assertEquals(3, r.steps().size());
        Model.Step f = r.steps().get(1);
        assertTrue(f.layer() instanceof ValidConv c && c.pad[1][1] == 1);
        assertArrayEquals(new int[] {0}, f.args());
        assertArrayEquals(new int[] {2}, f.outs());
        assertArrayEquals(new int[] {0}, f.freeAfter());
        assertEquals(f.layer(), r.replaced().get(p.get(2).layer()));
    }
}
