// The one zip reader (.keras archives, .npz arrays): the central directory (zip64 included) is the single
// truth; duplicate names, encrypted members, local headers that disagree with it and members reaching past
// the file are refused; reads are streamed with bounded buffers and checked against size, CRC and limits.
package dev.jkeras.load;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.load.weights.FileWindow;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A zip archive read from its central directory. Errors are {@link ModelFormatException}s naming the
 * archive and member. Not thread-safe; close it to release the file.
 */
public final class ZipArchive implements Closeable {
    /** Compression methods jkeras reads. */
    public static final int STORED = 0, DEFLATED = 8;

    /** A member: compression method, sizes as the directory records them, CRC-32, and where its data starts. */
    public record Member(String name, int method, long compressedSize, long size, long crc, long dataOffset) {
        public boolean isDirectory() {
            return name.endsWith("/");
        }
    }

    private final FileChannel fc;
    private final String display;
    private final LoadLimits limits;
    private final List<Member> members;
    private final Map<String, Member> byName;
    private long unpacked;

    private ZipArchive(FileChannel fc, String display, LoadLimits limits, List<Member> members) {
        this.fc = fc;
        this.display = display;
        this.limits = limits;
        this.members = Collections.unmodifiableList(members);
        Map<String, Member> m = new HashMap<>();
        for (Member x : members) m.put(x.name(), x);
        this.byName = m;
    }

    /** Opens {@code path}; {@code display} names it in errors. */
    public static ZipArchive open(Path path, String display, LoadLimits limits) {
        FileChannel fc = FileWindow.openChannel(path, display);
        try {
            return new ZipArchive(fc, display, limits, directory(fc, display));
        } catch (IOException | RuntimeException e) {
            try {
                fc.close();
            } catch (IOException ignored) {
                // already failing
            }
            if (e instanceof RuntimeException r) throw r;
            throw new ModelFormatException(display + ": cannot read the zip archive (" + e.getMessage() + ")", e);
        }
    }

    /** The members in directory order. */
    public List<Member> members() {
        return members;
    }

    /** The member called {@code name}, or null. */
    public Member find(String name) {
        return byName.get(name);
    }

    /** The open file (for reading a STORED member in place); closed with the archive. */
    public FileChannel channel() {
        return fc;
    }

    /** The limits this archive is read under. */
    public LoadLimits limits() {
        return limits;
    }

    /**
     * Streams a member's uncompressed bytes, refusing more than {@code maxBytes}, more than its stored
     * size may unpack to ({@link LoadLimits#unpackBound}), more than the archive's total limit, or bytes
     * that disagree with the directory's size and CRC. {@code limitName} names the limit {@code maxBytes} comes from.
     */
    public InputStream open(Member m, long maxBytes, String limitName) {
        if (m.method() != STORED && m.method() != DEFLATED) {
            throw new ModelFormatException(display + ": member '" + m.name() + "' uses compression method " + m.method()
                    + "; jkeras reads stored (0) and deflated (8) members");
        }
        return new MemberStream(m, maxBytes, limitName);
    }

    /** A whole member as bytes, at most {@code maxBytes}. */
    public byte[] readBytes(Member m, long maxBytes, String limitName) {
        try (InputStream in = open(m, maxBytes, limitName)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ModelFormatException(display + ": cannot read member '" + m.name() + "' (" + e.getMessage() + ")", e);
        }
    }

    /** A text member (UTF-8), at most {@link LoadLimits#maxConfigBytes} bytes. */
    public String readText(Member m) {
        return new String(readBytes(m, limits.maxConfigBytes(), "maxConfigBytes"), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            fc.close();
        } catch (IOException ignored) {
            // read-only
        }
    }

    private ModelFormatException bad(String what) {
        return new ModelFormatException(display + ": " + what);
    }

    private final class MemberStream extends InputStream {
        private final Member m;
        private final long max;
        private final String limitName;
        private final Inflater inflater;
        private final CRC32 crc = new CRC32();
        private final ByteBuffer in = ByteBuffer.allocate(1 << 16);
        private long consumed;
        private long produced;
        private boolean done;

        MemberStream(Member m, long maxBytes, String limitName) {
            this.m = m;
            this.max = Math.min(maxBytes, limits.unpackBound(m.compressedSize()));
            this.limitName = maxBytes <= limits.unpackBound(m.compressedSize()) ? limitName : "maxExpansion";
            this.inflater = m.method() == DEFLATED ? new Inflater(true) : null;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) return -1;
            if (len == 0) return 0;
            int n = inflater == null ? readStored(b, off, len) : inflate(b, off, len);
            if (n < 0) {
                finish();
                return -1;
            }
            account(b, off, n);
            return n;
        }

        private int readStored(byte[] b, int off, int len) throws IOException {
            long left = m.compressedSize() - consumed;
            if (left == 0) return -1;
            ByteBuffer dst = ByteBuffer.wrap(b, off, (int) Math.min(len, left));
            int n = fc.read(dst, m.dataOffset() + consumed);
            if (n <= 0) throw bad("member '" + m.name() + "' is truncated");
            consumed += n;
            return n;
        }

        private int inflate(byte[] b, int off, int len) throws IOException {
            try {
                while (true) {
                    int n = inflater.inflate(b, off, len);
                    if (n > 0) return n;
                    if (inflater.finished()) return -1;
                    if (inflater.needsDictionary()) throw bad("member '" + m.name() + "' needs a preset dictionary");
                    if (inflater.needsInput()) {
                        long left = m.compressedSize() - consumed;
                        if (left == 0) throw bad("member '" + m.name() + "' is truncated (its deflate stream does not end)");
                        in.clear().limit((int) Math.min(in.capacity(), left));
                        int r = fc.read(in, m.dataOffset() + consumed);
                        if (r <= 0) throw bad("member '" + m.name() + "' is truncated");
                        consumed += r;
                        inflater.setInput(in.array(), 0, r);
                    }
                }
            } catch (DataFormatException e) {
                throw bad("member '" + m.name() + "' is not valid deflate data (" + e.getMessage() + ")");
            }
        }

        private void account(byte[] b, int off, int n) {
            produced += n;
            unpacked += n;
            if (produced > max) {
                throw bad("member '" + m.name() + "' unpacks to more than " + max + " bytes (it is stored in " + m.compressedSize() + "); "
                        + LoadLimits.hint(limitName, limitName.equals("maxExpansion") ? limits.maxExpansion() : max));
            }
            if (unpacked > limits.maxTotalBytes()) {
                throw bad("the archive unpacks to more than " + limits.maxTotalBytes() + " bytes; " + LoadLimits.hint("maxTotalBytes", limits.maxTotalBytes()));
            }
            if (produced > m.size()) throw bad("member '" + m.name() + "' holds more bytes than its directory entry says (" + m.size() + ")");
            crc.update(b, off, n);
        }

        private void finish() {
            done = true;
            if (produced != m.size()) {
                throw bad("member '" + m.name() + "' holds " + produced + " bytes but its directory entry says " + m.size() + "; the archive is corrupt");
            }
            if (crc.getValue() != m.crc()) throw bad("member '" + m.name() + "' fails its CRC-32 check; the archive is corrupt");
        }

        @Override
        public void close() {
            done = true;
            if (inflater != null) inflater.end();
        }
    }

    // ---- the central directory -------------------------------------------------------------------

    private static List<Member> directory(FileChannel fc, String display) throws IOException {
        long fileSize = fc.size();
        if (fileSize < 22) throw notZip(display, "too short for a zip archive");
        int tail = (int) Math.min(fileSize, 22 + 65535);
        ByteBuffer end = read(fc, fileSize - tail, tail);
        int eocd = -1;
        for (int i = tail - 22; i >= 0; i--) {
            if (end.getInt(i) == 0x06054b50) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) throw notZip(display, "no end-of-central-directory record");
        long entries = end.getShort(eocd + 10) & 0xffff;
        long cdSize = end.getInt(eocd + 12) & 0xffffffffL;
        long cdOffset = end.getInt(eocd + 16) & 0xffffffffL;
        if ((cdOffset == 0xffffffffL || entries == 0xffff || cdSize == 0xffffffffL) && eocd >= 20
                && end.getInt(eocd - 20) == 0x07064b50) {
            long z64 = end.getLong(eocd - 20 + 8);
            if (z64 < 0 || z64 > fileSize - 56) throw notZip(display, "bad zip64 end record offset");
            ByteBuffer z = read(fc, z64, 56);
            if (z.getInt(0) != 0x06064b50) throw notZip(display, "bad zip64 end record");
            entries = z.getLong(32);
            cdSize = z.getLong(40);
            cdOffset = z.getLong(48);
        }
        if (cdOffset < 0 || cdSize < 0 || cdOffset > fileSize || cdSize > fileSize - cdOffset || cdSize > Integer.MAX_VALUE) {
            throw notZip(display, "central directory out of bounds");
        }
        if (entries < 0 || entries > cdSize / 46) throw notZip(display, "the directory claims " + entries + " entries, more than it can hold");
        ByteBuffer cd = read(fc, cdOffset, (int) cdSize);
        List<Member> out = new ArrayList<>();
        Map<String, Boolean> seen = new HashMap<>();
        int p = 0;
        for (long e = 0; e < entries; e++) {
            if (p + 46 > cd.limit() || cd.getInt(p) != 0x02014b50) throw notZip(display, "bad central directory entry " + e);
            int flags = cd.getShort(p + 8) & 0xffff;
            int method = cd.getShort(p + 10) & 0xffff;
            long crc = cd.getInt(p + 16) & 0xffffffffL;
            long csize = cd.getInt(p + 20) & 0xffffffffL;
            long usize = cd.getInt(p + 24) & 0xffffffffL;
            int nlen = cd.getShort(p + 28) & 0xffff;
            int xlen = cd.getShort(p + 30) & 0xffff;
            int clen = cd.getShort(p + 32) & 0xffff;
            long local = cd.getInt(p + 42) & 0xffffffffL;
            if (p + 46 + nlen + xlen + clen > cd.limit()) throw notZip(display, "truncated central directory");
            byte[] nb = new byte[nlen];
            cd.get(p + 46, nb);
            String name = new String(nb, StandardCharsets.UTF_8);
            int x = p + 46 + nlen, xend = x + xlen;
            while (x + 4 <= xend) {
                int id = cd.getShort(x) & 0xffff, len = cd.getShort(x + 2) & 0xffff;
                if (id == 0x0001) {
                    int q = x + 4, qend = Math.min(xend, x + 4 + len);
                    if (usize == 0xffffffffL && q + 8 <= qend) { usize = cd.getLong(q); q += 8; }
                    if (csize == 0xffffffffL && q + 8 <= qend) { csize = cd.getLong(q); q += 8; }
                    if (local == 0xffffffffL && q + 8 <= qend) local = cd.getLong(q);
                }
                x += 4 + len;
            }
            String where = "member '" + name + "'";
            if (seen.put(name, Boolean.TRUE) != null) {
                throw new ModelFormatException(display + ": the archive holds " + where + " twice; readers disagree on which copy counts "
                        + "(Keras takes the last, most zip readers the first), so jkeras refuses it");
            }
            if ((flags & 1) != 0) throw new ModelFormatException(display + ": " + where + " is encrypted");
            if (usize < 0 || csize < 0) throw notZip(display, where + " has a negative size");
            if (local < 0 || local > fileSize - 30) throw notZip(display, where + " has a bad offset");
            ByteBuffer lh = read(fc, local, 30);
            if (lh.getInt(0) != 0x04034b50) throw notZip(display, where + " has no local header");
            int lnlen = lh.getShort(26) & 0xffff, lxlen = lh.getShort(28) & 0xffff;
            if (lnlen != nlen || !java.util.Arrays.equals(read(fc, local + 30, nlen).array(), nb)) {
                throw notZip(display, where + ": its local header names another member; readers would disagree");
            }
            long data = local + 30 + lnlen + lxlen;
            if (data > fileSize || csize > fileSize - data) throw notZip(display, where + " extends past the end of the file");
            if (method == STORED && csize != usize) throw notZip(display, where + " is stored but its sizes differ");
            out.add(new Member(name, method, csize, usize, crc, data));
            p += 46 + nlen + xlen + clen;
        }
        return out;
    }

    private static ByteBuffer read(FileChannel fc, long pos, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (fc.read(b, pos + b.position()) < 0) throw new IOException("unexpected end of file at " + (pos + b.position()));
        }
        return b.flip();
    }

    private static ModelFormatException notZip(String display, String what) {
        return new ModelFormatException(display + ": not a readable zip archive (" + what + ")");
    }
}
