// KerasHub's packers on their TensorFlow path: tf_text's RoundRobinTrimmer/WaterfallTrimmer budgets, the
// special tokens around and between segments, and padding to a fixed length.
package dev.jkeras.text;

import dev.jkeras.error.InputException;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** Internal: trimming and padding shared by the preprocessors. */
final class Packing {
    private Packing() {}

    /** How many tokens of each segment survive a budget: {@code round_robin} (one token per segment in turn) or {@code waterfall} (left to right). */
    static int[] trim(int[] lengths, int budget, boolean roundRobin) {
        int[] keep = new int[lengths.length];
        int total = 0;
        for (int l : lengths) total += l;
        if (total <= budget) return lengths.clone();
        int left = Math.max(budget, 0);
        if (roundRobin) {
            while (left > 0) {
                for (int s = 0; s < lengths.length && left > 0; s++) {
                    if (keep[s] < lengths[s]) {
                        keep[s]++;
                        left--;
                    }
                }
            }
        } else {
            for (int s = 0; s < lengths.length; s++) {
                keep[s] = Math.min(lengths[s], left);
                left -= keep[s];
            }
        }
        return keep;
    }

    /** The ids of a tokenizer's pieces, zero-padded or truncated to the tokenizer's own {@code sequenceLength} if it is > 0. */
    static int[] ids(Tokenizer tokenizer, List<String> pieces, int sequenceLength) {
        int[] out = new int[pieces.size()];
        for (int i = 0; i < out.length; i++) out[i] = tokenizer.tokenToId(pieces.get(i));
        return sequenceLength > 0 ? java.util.Arrays.copyOf(out, sequenceLength) : out;
    }

    /** One row per example, each at most {@code length} long, as a [batch, length] tensor, the rest {@code pad} (right padding). */
    static Tensor rows(List<int[]> rows, int length, int pad) {
        float[] data = new float[rows.size() * length];
        java.util.Arrays.fill(data, pad);
        for (int b = 0; b < rows.size(); b++) {
            int[] r = rows.get(b);
            for (int i = 0; i < Math.min(r.length, length); i++) data[b * length + i] = r[i];
        }
        return Tensor.of(Shape.of(rows.size(), length), data);
    }

    /** The segment count shared by every example, checked against {@code max}. */
    static int segmentCount(List<List<String>> examples, int max, String who) {
        if (examples.isEmpty()) return 1;
        int n = examples.get(0).size();
        for (int b = 0; b < examples.size(); b++) {
            List<String> e = examples.get(b);
            if (e.size() != n) {
                throw new InputException(who + ": example " + b + " has " + e.size() + " segments, example 0 has " + n
                        + "; every example of a batch needs the same number of segments");
            }
            for (String s : e) {
                if (s == null) throw new InputException(who + ": example " + b + " has a null text; use \"\" for an empty text");
            }
        }
        if (n < 1 || n > max) {
            throw new InputException(who + ": examples of " + n + " segments given; this preprocessor takes "
                    + (max == 1 ? "one text per example" : "1 to " + max + " segments per example"));
        }
        return n;
    }
}
