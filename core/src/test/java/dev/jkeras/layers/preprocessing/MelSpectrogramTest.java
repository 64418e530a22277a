package dev.jkeras.layers.preprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class MelSpectrogramTest {
    /** numpy.pad(numpy.arange(5), (16, 16), mode="reflect") as numpy 2.4 prints it: pads longer than the signal keep reflecting. */
    @Test
    void reflectPaddingFollowsNumpy() {
        int[] want = {0, 1, 2, 3, 4, 3, 2, 1, 0, 1, 2, 3, 4, 3, 2, 1, 0, 1, 2, 3, 4, 3, 2, 1, 0, 1, 2, 3, 4, 3, 2, 1, 0, 1, 2, 3, 4};
        int[] got = new int[want.length];
        for (int i = 0; i < got.length; i++) got[i] = MelSpectrogram.reflect(i - 16, 5);
        assertArrayEquals(want, got);
        assertArrayEquals(new int[] {0, 0, 0}, new int[] {MelSpectrogram.reflect(-3, 1), MelSpectrogram.reflect(0, 1), MelSpectrogram.reflect(2, 1)});
    }
}
