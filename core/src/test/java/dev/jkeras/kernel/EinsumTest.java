package dev.jkeras.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EinsumTest {
    /** A plain loop over every assignment of every label: the definition of einsum. */
    private static Tensor reference(String eq, Tensor x, Tensor w) {
        String[] io = eq.split("->");
        String[] in = io[0].split(",");
        Map<Character, Integer> size = new HashMap<>();
        for (int i = 0; i < in[0].length(); i++) size.put(in[0].charAt(i), x.dim(i));
        for (int i = 0; i < in[1].length(); i++) size.put(in[1].charAt(i), w.dim(i));
        char[] labels = size.keySet().stream().map(String::valueOf).reduce("", String::concat).toCharArray();
        int[] od = new int[io[1].length()];
        for (int i = 0; i < od.length; i++) od[i] = size.get(io[1].charAt(i));
        float[] out = new float[Shape.of(od).size()];
        int[] idx = new int[labels.length];
        Map<Character, Integer> pos = new HashMap<>();
        for (int i = 0; i < labels.length; i++) pos.put(labels[i], i);
        while (true) {
            out[offset(io[1], idx, pos, od)] += x.data()[offset(in[0], idx, pos, x.shape().dims())]
                    * w.data()[offset(in[1], idx, pos, w.shape().dims())];
            int a = labels.length - 1;
            while (a >= 0 && ++idx[a] == size.get(labels[a])) idx[a--] = 0;
            if (a < 0) break;
        }
        return Tensor.of(Shape.of(od), out);
    }

    private static int offset(String spec, int[] idx, Map<Character, Integer> pos, int[] dims) {
        int o = 0;
        for (int i = 0; i < spec.length(); i++) o = o * dims[i] + idx[pos.get(spec.charAt(i))];
        return o;
    }

    private static int[] labels(String s) {
        return s.chars().toArray();
    }

    private static Tensor random(Random r, int... dims) {
        float[] d = new float[Shape.of(dims).size()];
        for (int i = 0; i < d.length; i++) d[i] = (float) r.nextGaussian();
        return Tensor.of(Shape.of(dims), d);
    }

    private static void check(String eq, int[] xd, int[] wd) {
        Random r = new Random(eq.hashCode());
        Tensor x = random(r, xd), w = random(r, wd);
        String[] io = eq.split("->");
        String[] in = io[0].split(",");
        Tensor got = new Einsum(labels(in[0]), labels(in[1]), labels(io[1])).apply(x, w);
        Tensor want = reference(eq, x, w);
        assertEquals(want.shape(), got.shape(), eq);
        assertArrayEquals(want.data(), got.data(), 1e-4f, eq);
    }

    @Test
    void matchesTheDefinition() {
        check("ab,bc->ac", new int[] {3, 4}, new int[] {4, 5});
        check("abc,cde->abde", new int[] {2, 3, 4}, new int[] {4, 2, 3});
        check("abcd,cde->abe", new int[] {2, 3, 2, 3}, new int[] {2, 3, 5});
        check("abcd,aecd->acbe", new int[] {2, 3, 2, 4}, new int[] {2, 5, 2, 4});
        check("acbe,aecd->abcd", new int[] {2, 2, 3, 5}, new int[] {2, 5, 2, 4});
        check("abc,cd->ad", new int[] {2, 3, 4}, new int[] {4, 5});
        check("abc,bcd->abd", new int[] {2, 3, 4}, new int[] {3, 4, 2});
        check("abc,cb->ab", new int[] {2, 3, 4}, new int[] {4, 3});
        check("ab,cd->abdc", new int[] {2, 3}, new int[] {4, 5});
    }

    @Test
    void refusesRepeatedLabels() {
        assertThrows(IllegalArgumentException.class, () -> new Einsum(labels("aab"), labels("bc"), labels("ac")));
    }
}
