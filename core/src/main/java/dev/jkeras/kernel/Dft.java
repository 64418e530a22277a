// Double-precision DFT: radix-2 FFT for powers of two, the direct sum over exact twiddles otherwise.
// Used by STFTSpectrogram/MelSpectrogram, which Keras computes with float32 FFTs (see their headers).
package dev.jkeras.kernel;

/**
 * The discrete Fourier transform in double precision, {@code X[k] = Σ_n x[n]·e^(−2πi·kn/N)}: an iterative
 * radix-2 FFT when N is a power of two, else the direct sum over exact twiddle tables. A plan is immutable and
 * shareable between threads; transforms work in place on arrays the caller owns.
 */
public final class Dft {
    private final int n;
    private final double[] cos;
    private final double[] sin;
    private final boolean radix2;

    private Dft(int n) {
        if (n < 1) throw new IllegalArgumentException("DFT length " + n);
        this.n = n;
        this.radix2 = Integer.bitCount(n) == 1;
        cos = new double[n];
        sin = new double[n];
        for (int i = 0; i < n; i++) {
            double a = 2 * Math.PI * i / n;
            cos[i] = Math.cos(a);
            sin[i] = Math.sin(a);
        }
    }

    /** A plan for length {@code n} (≥ 1). */
    public static Dft plan(int n) {
        return new Dft(n);
    }

    /** The transform length. */
    public int length() {
        return n;
    }

    /**
     * Transforms {@code (re, im)} (length N each) in place; {@code work} (length 2N) is scratch space for the
     * direct sum (unused by the radix-2 path, may be null then).
     */
    public void forward(double[] re, double[] im, double[] work) {
        if (radix2) fft(re, im);
        else direct(re, im, work);
    }

    private void fft(double[] re, double[] im) {
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j |= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            int half = len >> 1, step = n / len;
            for (int s = 0; s < n; s += len) {
                for (int k = 0; k < half; k++) {
                    double wr = cos[k * step], wi = -sin[k * step];
                    int a = s + k, b = a + half;
                    double xr = re[b] * wr - im[b] * wi;
                    double xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
    }

    private void direct(double[] re, double[] im, double[] work) {
        System.arraycopy(re, 0, work, 0, n);
        System.arraycopy(im, 0, work, n, n);
        for (int k = 0; k < n; k++) {
            double sr = 0, si = 0;
            for (int j = 0, t = 0; j < n; j++, t += k) {
                if (t >= n) t -= n;
                double xr = work[j], xi = work[n + j];
                sr += xr * cos[t] + xi * sin[t];
                si += xi * cos[t] - xr * sin[t];
            }
            re[k] = sr;
            im[k] = si;
        }
    }
}
