// The resource limits of one load, in one place: what a hostile or corrupt file may make jkeras read,
// unpack and allocate. Every reader checks its own quantity against these before allocating.
package dev.jkeras.load;

/**
 * Limits on what loading a model (or reading an {@code .npz}) may read and allocate. A file that
 * exceeds one is refused with a {@link dev.jkeras.error.ModelFormatException} (an
 * {@link dev.jkeras.error.InputException} for input arrays) naming the limit, the value needed and
 * how to raise it. The defaults accept every model Keras writes and keep memory proportional to the
 * file's size.
 *
 * @param maxMemberBytes    bytes read (after decompression) from any one archive member
 * @param maxTotalBytes     bytes decompressed from one archive, all members together
 * @param maxExpansion      how many times its stored (compressed) size a member, or the weights of an
 *                          HDF5 file, may unpack to, beyond a floor of {@link #EXPANSION_FLOOR} bytes
 * @param maxConfigBytes    bytes of one JSON text (config.json, metadata.json, a model_config attribute)
 * @param maxJsonDepth      nesting depth of JSON objects and arrays
 * @param maxTensorElements elements of one tensor: a weight, an input array, an intermediate result
 */
public record LoadLimits(long maxMemberBytes, long maxTotalBytes, long maxExpansion, long maxConfigBytes, int maxJsonDepth,
        long maxTensorElements) {
    /** Bytes any member or file may unpack to regardless of its stored size (small files compress well). */
    public static final long EXPANSION_FLOOR = 64L << 20;

    /** Defaults: 8 GiB per member, 16 GiB per archive, 100x expansion, 64 MiB of JSON nested 1000 deep, 2^31-9 elements. */
    public static final LoadLimits DEFAULTS = new LoadLimits(8L << 30, 16L << 30, 100, 64L << 20, 1000, Integer.MAX_VALUE - 8);

    public LoadLimits {
        if (maxMemberBytes <= 0 || maxTotalBytes <= 0 || maxExpansion <= 0 || maxConfigBytes <= 0 || maxJsonDepth <= 0 || maxTensorElements <= 0) {
            throw new IllegalArgumentException("every limit must be positive: " + this);
        }
        if (maxTensorElements > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxTensorElements " + maxTensorElements + " exceeds what a Java array holds (" + (Integer.MAX_VALUE - 8) + ")");
        }
    }

    public LoadLimits withMaxMemberBytes(long v) {
        return new LoadLimits(v, maxTotalBytes, maxExpansion, maxConfigBytes, maxJsonDepth, maxTensorElements);
    }

    public LoadLimits withMaxTotalBytes(long v) {
        return new LoadLimits(maxMemberBytes, v, maxExpansion, maxConfigBytes, maxJsonDepth, maxTensorElements);
    }

    public LoadLimits withMaxExpansion(long v) {
        return new LoadLimits(maxMemberBytes, maxTotalBytes, v, maxConfigBytes, maxJsonDepth, maxTensorElements);
    }

    public LoadLimits withMaxConfigBytes(long v) {
        return new LoadLimits(maxMemberBytes, maxTotalBytes, maxExpansion, v, maxJsonDepth, maxTensorElements);
    }

    public LoadLimits withMaxJsonDepth(int v) {
        return new LoadLimits(maxMemberBytes, maxTotalBytes, maxExpansion, maxConfigBytes, v, maxTensorElements);
    }

    public LoadLimits withMaxTensorElements(long v) {
        return new LoadLimits(maxMemberBytes, maxTotalBytes, maxExpansion, maxConfigBytes, maxJsonDepth, v);
    }

    /** The most bytes that {@code storedBytes} of stored data may unpack to: expansion, floor and member limit together. */
    public long unpackBound(long storedBytes) {
        long byRatio = storedBytes > Long.MAX_VALUE / maxExpansion ? Long.MAX_VALUE : storedBytes * maxExpansion;
        return Math.min(maxMemberBytes, Math.max(EXPANSION_FLOOR, byRatio));
    }

    /** "limit NAME = VALUE" plus how to raise it, for error messages. */
    public static String hint(String name, long value) {
        return "limit " + name + " = " + value + "; raise it with LoadLimits.with" + Character.toUpperCase(name.charAt(0)) + name.substring(1)
                + " or the CLI option --" + name.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
    }
}
