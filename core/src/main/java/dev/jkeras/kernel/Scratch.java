// Per-thread reusable work buffers for kernels (im2col patches, temporary rows), so steady-state calls do not
// allocate. A buffer belongs to its thread until the kernel that took it returns; kernels never nest one slot.
package dev.jkeras.kernel;

/** Thread-local growable float buffers, one per slot. */
final class Scratch {
    /** Convolution patch rows. */
    static final int COL = 0;
    /** Depthwise / pooling row buffers. */
    static final int ROW = 1;
    /** GEMM: the packed A block. */
    static final int PACK_A = 2;
    /** GEMM: an edge tile and its bias. */
    static final int TILE = 3;
    private static final int SLOTS = 4;
    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[SLOTS][0]);

    private Scratch() {}

    /** A buffer of at least {@code n} floats for {@code slot} on this thread; its contents are undefined. */
    static float[] floats(int slot, int n) {
        float[][] b = BUFFERS.get();
        if (b[slot].length < n) b[slot] = new float[n];
        return b[slot];
    }
}
