// The byte source jhdf reads every HDF5 file through: a read-only window of a file (the whole file, or a STORED
// member of a .keras zip), which also hides one jhdf 0.13 bug: h5py stores bfloat16 as an opaque type with an
// empty tag, which jhdf cannot parse; such datatype messages are shown to jhdf as 2-byte object references,
// which it reads as raw unsigned integers (Hdf5.read turns them back into bfloat16).
package dev.jkeras.load.weights;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/** Internal: a read-only channel over {@code [start, start + size)} of a file channel. */
public final class FileWindow implements SeekableByteChannel {
    /** jhdf reads each object header in one piece; larger reads are dataset contents and are not scanned. */
    private static final int MAX_HEADER_READ = 1 << 20;

    private final FileChannel fc;
    private final long start;
    private final long size;
    private long pos;
    private boolean open = true;

    /** Opens {@code path} for reading; a file that cannot be opened is a ModelFormatException naming {@code display}. */
    public static FileChannel openChannel(java.nio.file.Path path, String display) {
        try {
            return FileChannel.open(path, java.nio.file.StandardOpenOption.READ);
        } catch (IOException e) {
            throw new dev.jkeras.error.ModelFormatException(display + ": cannot be opened (" + e.getMessage() + ")", e);
        }
    }

    public FileWindow(FileChannel fc, long start, long size) {
        this.fc = fc;
        this.start = start;
        this.size = size;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        // jhdf may ask for more than is left and accept a short read (valid files do this), but it retries reads
        // at the end without end: a read with nothing left (a corrupt offset or length) fails instead of looping
        if (dst.hasRemaining() && pos >= size) {
            throw new EOFException("an HDF5 structure of " + dst.remaining() + " bytes at offset " + pos
                    + " lies past the end of the data (" + size + " bytes); the file is truncated or corrupt");
        }
        int want = (int) Math.min(dst.remaining(), size - pos);
        int from = dst.position();
        ByteBuffer slice = dst.duplicate();
        slice.limit(from + want);
        int n = fc.read(slice, start + pos);
        if (n > 0) {
            if (n <= MAX_HEADER_READ) patchOpaqueTypes(dst, from, n);
            dst.position(from + n);
            pos += n;
        }
        return n;
    }

    /**
     * An object-header datatype message (type 3, 8 bytes: v1 header {@code 03 00 08 00 ff 00 00 00},
     * v2 header {@code 03 08 00 ff}) holding an opaque 2-byte type with no tag
     * ({@code v5 00 00 00 02 00 00 00}) gets class 7 (reference) instead of 5 (opaque).
     */
    static void patchOpaqueTypes(ByteBuffer buf, int from, int len) {
        if (!buf.hasArray()) {
            byte[] copy = new byte[len];
            buf.get(from, copy);
            patchOpaqueTypes(copy, 0, len);
            buf.put(from, copy);
            return;
        }
        patchOpaqueTypes(buf.array(), buf.arrayOffset() + from, len);
    }

    static void patchOpaqueTypes(byte[] b, int from, int len) {
        int end = from + len;
        for (int i = from; i + 8 <= end; i++) {
            if (b[i + 4] != 2 || (b[i] & 0x0f) != 5 || b[i + 1] != 0 || b[i + 2] != 0 || b[i + 3] != 0
                    || b[i + 5] != 0 || b[i + 6] != 0 || b[i + 7] != 0) {
                continue;
            }
            boolean v1 = i - 8 >= from && b[i - 8] == 3 && b[i - 7] == 0 && b[i - 6] == 8 && b[i - 5] == 0
                    && b[i - 3] == 0 && b[i - 2] == 0 && b[i - 1] == 0;
            boolean v2 = (i - 4 >= from && b[i - 4] == 3 && b[i - 3] == 8 && b[i - 2] == 0)
                    || (i - 6 >= from && b[i - 6] == 3 && b[i - 5] == 8 && b[i - 4] == 0);
            if (v1 || v2) b[i] = (byte) ((b[i] & 0xf0) | 7);
        }
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long position() {
        return pos;
    }

    @Override
    public SeekableByteChannel position(long newPosition) {
        pos = newPosition;
        return this;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public SeekableByteChannel truncate(long s) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
