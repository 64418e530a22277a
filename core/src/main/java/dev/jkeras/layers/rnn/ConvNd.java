// A small channels-last convolution for ranks 1-3 (im2col + GEMM, TensorFlow 'same' padding via kernel/Conv's
// outLength/padBefore), private to ConvLSTM. The lead may fold it into kernel/Conv once that file is N-D.
package dev.jkeras.layers.rnn;

import dev.jkeras.kernel.Conv;
import dev.jkeras.kernel.MatMul;

/** Internal: an N-D convolution geometry and its kernel, for ConvLSTM cells. */
final class ConvNd {
    /** im2col floats per chunk. */
    private static final int CHUNK_FLOATS = 1 << 18;

    final int[] in;
    final int[] out;
    final int cin;
    final int cout;
    private final int[] k;
    private final int[] s;
    private final int[] d;
    private final int[] pad;
    private final int taps;
    final int inPixels;
    final int outPixels;

    ConvNd(int[] in, int cin, int cout, int[] k, int[] s, int[] d, boolean same) {
        this.in = in.clone();
        this.cin = cin;
        this.cout = cout;
        this.k = k.clone();
        this.s = s.clone();
        this.d = d.clone();
        int r = in.length;
        out = new int[r];
        pad = new int[r];
        int t = 1, ip = 1, op = 1;
        for (int i = 0; i < r; i++) {
            out[i] = Conv.outLength(in[i], k[i], s[i], d[i], same);
            pad[i] = Conv.padBefore(in[i], k[i], s[i], d[i], same);
            t *= k[i];
            ip *= in[i];
            op *= Math.max(out[i], 0);
        }
        taps = t;
        inPixels = ip;
        outPixels = op;
    }

    /**
     * out[outOff ...] = conv of {@code rows} inputs (each inPixels·cin floats from {@code xOff}) with
     * {@code kernel} (k..., cin, cout); (rows, out..., cout) row-major, no bias.
     */
    void apply(float[] x, int xOff, int rows, float[] kernel, float[] dst, int dstOff) {
        int kk = taps * cin;
        int total = rows * outPixels;
        int chunk = Math.max(1, Math.min(total, CHUNK_FLOATS / Math.max(kk, 1)));
        float[] col = new float[chunk * kk];
        for (int r0 = 0; r0 < total; r0 += chunk) {
            int r1 = Math.min(total, r0 + chunk);
            im2col(x, xOff, r0, r1, col);
            MatMul.gemm(r1 - r0, cout, kk, col, 0, kk, kernel, 0, cout, dst, dstOff + r0 * cout, cout);
        }
    }

    /** Patch rows [r0, r1) (row = sample·outPixels + output pixel; columns = kernel tap, then channel). */
    private void im2col(float[] x, int xOff, int r0, int r1, float[] col) {
        int rank = in.length;
        int[] o = new int[rank];
        int[] tap = new int[rank];
        int p = 0;
        for (int r = r0; r < r1; r++) {
            int n = r / outPixels, rem = r % outPixels;
            for (int i = rank - 1; i >= 0; i--) {
                o[i] = rem % out[i];
                rem /= out[i];
            }
            java.util.Arrays.fill(tap, 0);
            for (int t = 0; t < taps; t++) {
                int pix = 0;
                boolean inside = true;
                for (int i = 0; i < rank; i++) {
                    int c = o[i] * s[i] - pad[i] + tap[i] * d[i];
                    if (c < 0 || c >= in[i]) {
                        inside = false;
                        break;
                    }
                    pix = pix * in[i] + c;
                }
                if (inside) System.arraycopy(x, xOff + (n * inPixels + pix) * cin, col, p, cin);
                else java.util.Arrays.fill(col, p, p + cin, 0f);
                p += cin;
                for (int i = rank - 1; i >= 0; i--) {
                    if (++tap[i] < k[i]) break;
                    tap[i] = 0;
                }
            }
        }
    }
}
