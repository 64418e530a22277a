// Keras's snake_case and unique-name numbering of weight groups.
package dev.jkeras.load.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Keras3NamingTest {
    /** The table verified against Keras in keras-spec 1.7. */
    @ParameterizedTest
    @CsvSource({
        "Dense, dense", "Conv2D, conv2d", "Conv2DTranspose, conv2d_transpose", "DepthwiseConv2D, depthwise_conv2d",
        "SeparableConv1D, separable_conv1d", "BatchNormalization, batch_normalization", "LayerNormalization, layer_normalization",
        "RMSNormalization, rms_normalization", "LSTM, lstm", "GRU, gru", "SimpleRNN, simple_rnn", "ConvLSTM2D, conv_lstm2d",
        "LSTMCell, lstm_cell", "GRUCell, gru_cell", "SimpleRNNCell, simple_rnn_cell", "StackedRNNCells, stacked_rnn_cells",
        "RNN, rnn", "TimeDistributed, time_distributed", "Bidirectional, bidirectional", "MultiHeadAttention, multi_head_attention",
        "GroupedQueryAttention, grouped_query_attention", "EinsumDense, einsum_dense", "ReLU, re_lu", "LeakyReLU, leaky_re_lu",
        "PReLU, p_re_lu", "ELU, elu", "InputLayer, input_layer", "Functional, functional", "Sequential, sequential",
        "UpSampling2D, up_sampling2d", "ZeroPadding2D, zero_padding2d", "GlobalAveragePooling2D, global_average_pooling2d",
        "MaxPooling2D, max_pooling2d"
    })
    void snakeCase(String cls, String expected) {
        assertEquals(expected, Keras3Weights.snakeCase(cls));
    }

    @ParameterizedTest
    @CsvSource({"dense, 0, dense", "dense, 1, dense_1", "dense, 12, dense_12"})
    void numbering(String base, int k, String expected) {
        assertEquals(expected, Keras3Weights.numbered(base, k));
    }
}
