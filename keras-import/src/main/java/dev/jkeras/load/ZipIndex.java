// Locates one member of a zip file from the central directory (zip64 included), so that a STORED member
// (Keras writes model.weights.h5 uncompressed) can be read in place instead of being copied out.
package dev.jkeras.load;

import dev.jkeras.error.ModelFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/** Internal: where a zip member's bytes are. */
final class ZipIndex {
    /** A member: compression method (0 = STORED), sizes, and the offset of its data in the file. */
    record Member(String name, int method, long compressedSize, long size, long dataOffset) {}

    private ZipIndex() {}

    /** Finds {@code name} in the central directory, or returns null. */
    static Member find(FileChannel fc, String name, String display) throws IOException {
        long fileSize = fc.size();
        int tail = (int) Math.min(fileSize, 22 + 65535);
        ByteBuffer end = read(fc, fileSize - tail, tail);
        int eocd = -1;
        for (int i = tail - 22; i >= 0; i--) {
            if (end.getInt(i) == 0x06054b50) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) throw bad(display, "no end-of-central-directory record");
        long entries = end.getShort(eocd + 10) & 0xffff;
        long cdSize = end.getInt(eocd + 12) & 0xffffffffL;
        long cdOffset = end.getInt(eocd + 16) & 0xffffffffL;
        if ((cdOffset == 0xffffffffL || entries == 0xffff || cdSize == 0xffffffffL) && eocd >= 20
                && end.getInt(eocd - 20) == 0x07064b50) {
            long z64 = end.getLong(eocd - 20 + 8);
            if (z64 < 0 || z64 + 56 > fileSize) throw bad(display, "bad zip64 end record offset");
            ByteBuffer z = read(fc, z64, 56);
            if (z.getInt(0) != 0x06064b50) throw bad(display, "bad zip64 end record");
            entries = z.getLong(32);
            cdSize = z.getLong(40);
            cdOffset = z.getLong(48);
        }
        if (cdOffset < 0 || cdSize < 0 || cdOffset + cdSize > fileSize || cdSize > Integer.MAX_VALUE) throw bad(display, "central directory out of bounds");
        ByteBuffer cd = read(fc, cdOffset, (int) cdSize);
        int p = 0;
        for (long e = 0; e < entries && p + 46 <= cd.limit(); e++) {
            if (cd.getInt(p) != 0x02014b50) throw bad(display, "bad central directory entry");
            int method = cd.getShort(p + 10) & 0xffff;
            long csize = cd.getInt(p + 20) & 0xffffffffL;
            long usize = cd.getInt(p + 24) & 0xffffffffL;
            int nlen = cd.getShort(p + 28) & 0xffff;
            int xlen = cd.getShort(p + 30) & 0xffff;
            int clen = cd.getShort(p + 32) & 0xffff;
            long local = cd.getInt(p + 42) & 0xffffffffL;
            if (p + 46 + nlen + xlen > cd.limit()) throw bad(display, "truncated central directory");
            byte[] nb = new byte[nlen];
            cd.get(p + 46, nb);
            if (new String(nb, StandardCharsets.UTF_8).equals(name)) {
                int x = p + 46 + nlen, xend = x + xlen;
                while (x + 4 <= xend) {
                    int id = cd.getShort(x) & 0xffff, len = cd.getShort(x + 2) & 0xffff;
                    if (id == 0x0001) {
                        int q = x + 4;
                        if (usize == 0xffffffffL && q + 8 <= x + 4 + len) { usize = cd.getLong(q); q += 8; }
                        if (csize == 0xffffffffL && q + 8 <= x + 4 + len) { csize = cd.getLong(q); q += 8; }
                        if (local == 0xffffffffL && q + 8 <= x + 4 + len) local = cd.getLong(q);
                    }
                    x += 4 + len;
                }
                if (local < 0 || local + 30 > fileSize) throw bad(display, "member '" + name + "' has a bad offset");
                ByteBuffer lh = read(fc, local, 30);
                if (lh.getInt(0) != 0x04034b50) throw bad(display, "member '" + name + "' has no local header");
                long data = local + 30 + (lh.getShort(26) & 0xffff) + (lh.getShort(28) & 0xffff);
                if (csize < 0 || data + csize > fileSize) throw bad(display, "member '" + name + "' extends past the end of the file");
                return new Member(name, method, csize, usize, data);
            }
            p += 46 + nlen + xlen + clen;
        }
        return null;
    }

    private static ByteBuffer read(FileChannel fc, long pos, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            int n = fc.read(b, pos + b.position());
            if (n < 0) break;
        }
        return b.flip();
    }

    private static ModelFormatException bad(String display, String what) {
        return new ModelFormatException(display + ": not a readable zip archive (" + what + ")");
    }
}
