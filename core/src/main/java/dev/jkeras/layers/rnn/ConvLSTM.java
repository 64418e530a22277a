// ConvLSTM1D/2D/3D: a ConvLSTMCell run by the Recurrent loop over (batch, time, spatial..., channels) sequences
// (channels_first: (batch, time, channels, spatial...)). The recurrent convolution always uses stride 1, 'same'.
package dev.jkeras.layers.rnn;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.kernel.Conv;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.WeightDecl;
import dev.jkeras.layers.LayerConfigs;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Keras {@code ConvLSTM1D}, {@code ConvLSTM2D} and {@code ConvLSTM3D}. */
public final class ConvLSTM {
    private ConvLSTM() {}

    public static final class Factory implements LayerFactory {
        private final int rank;

        /** @param rank 1, 2 or 3 spatial dimensions */
        public Factory(int rank) {
            this.rank = rank;
        }

        @Override
        public List<String> classNames() {
            return List.of("ConvLSTM" + rank + "D");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Config c = spec.config();
            boolean cf = LayerConfigs.channelsFirst(spec);
            Shape seq = RnnConfig.sequenceShape(spec, ctx.inputShapes().get(0), rank + 1, false);
            int[] sp = new int[rank];
            for (int i = 0; i < rank; i++) sp[i] = seq.dim((cf ? 3 : 2) + i);
            int cin = seq.dim(cf ? 2 : seq.rank() - 1);
            int filters = RnnConfig.positive(spec, "filters");
            int[] k = c.getInts("kernel_size", rank, null);
            if (k == null) throw new ModelFormatException(spec.where() + ": config key 'kernel_size' is missing");
            int[] s = c.getInts("strides", rank, ones());
            int[] d = c.getInts("dilation_rate", rank, ones());
            for (int i = 0; i < rank; i++) {
                if (k[i] < 1 || s[i] < 1 || d[i] < 1) {
                    throw new ModelFormatException(spec.where() + ": kernel_size, strides and dilation_rate must be >= 1, found "
                            + Arrays.toString(k) + ", " + Arrays.toString(s) + ", " + Arrays.toString(d));
                }
            }
            Conv.Padding padding = LayerConfigs.samePadding(spec) ? Conv.Padding.SAME : Conv.Padding.VALID;
            Conv.Geometry inputConv = Conv.Geometry.of(sp, k, s, d, padding);
            if (inputConv.empty()) {
                throw LayerConfigs.badInput(spec, "spatial dimensions of at least the kernel size " + Arrays.toString(k), seq);
            }
            Conv.Geometry recurrentConv = Conv.Geometry.of(inputConv.outDims(), k, ones(), ones(), Conv.Padding.SAME);
            boolean useBias = c.getBool("use_bias", true);
            List<WeightDecl> decls = new ArrayList<>(List.of(
                    WeightDecl.trainable("kernel", concat(k, cin, 4 * filters)),
                    WeightDecl.trainable("recurrent_kernel", concat(k, filters, 4 * filters))));
            if (useBias) decls.add(WeightDecl.trainable("bias", 4 * filters));
            List<Tensor> w = ctx.weights(decls);
            ConvLSTMCell cell = new ConvLSTMCell(spec, Shape.of(sp).append(cin), inputConv, recurrentConv, filters, w.get(0).data(), w.get(1).data(),
                    useBias ? w.get(2).data() : null, RnnConfig.activation(spec, "activation", "tanh"),
                    RnnConfig.activation(spec, "recurrent_activation", RnnConfig.recurrentDefault(spec.writer())));
            return new Recurrent(spec, cell, cf);
        }

        private int[] ones() {
            int[] o = new int[rank];
            Arrays.fill(o, 1);
            return o;
        }

        private static int[] concat(int[] k, int a, int b) {
            int[] r = Arrays.copyOf(k, k.length + 2);
            r[k.length] = a;
            r[k.length + 1] = b;
            return r;
        }
    }
}
