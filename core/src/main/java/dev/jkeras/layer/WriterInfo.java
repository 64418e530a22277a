package dev.jkeras.layer;

/**
 * Which Keras wrote the file. Some semantics follow the writer, not the newest Keras: e.g.
 * {@code hard_sigmoid} is {@code clip(0.2x+0.5)} before Keras 3 and {@code clip(x/6+0.5)} from 3 on.
 *
 * @param kerasVersion the version string the file records ("1.2.2", "2.2.4-tf", "3.15.1", ...)
 * @param backend      the backend attribute if recorded ("tensorflow", "theano", "jax", ...), else null
 * @param source       the file name, for error messages
 */
public record WriterInfo(String kerasVersion, String backend, String source) {
    /** The major version (1, 2 or 3); 2 if the version string is unparsable. */
    public int major() {
        if (kerasVersion == null || kerasVersion.isEmpty()) return 1;
        char c = kerasVersion.charAt(0);
        return Character.isDigit(c) ? c - '0' : 2;
    }

    /** True for Keras 1 and 2 (standalone and tf.keras). */
    public boolean isLegacy() {
        return major() < 3;
    }

    /**
     * True if the writer is Keras {@code major.minor} or newer. A version without a minor (a Keras 3 JSON
     * config records none; the loader then says "3") counts as the newest release of its major.
     */
    public boolean atLeast(int major, int minor) {
        if (major() != major) return major() > major;
        boolean hasMinor = kerasVersion != null && kerasVersion.matches("\\d+[.-]\\d+.*");
        return !hasMinor || majorMinor() >= major * 100 + minor;
    }

    /**
     * True for the standalone Keras 2 package (2.0 to 2.3, not tf.keras): version 2.x without the
     * {@code -tf} suffix, below 2.4 (from 2.4 on the version is TensorFlow's). Its layers lack some
     * tf.keras behaviour (e.g. Bidirectional does not zero masked outputs).
     */
    public boolean isStandaloneKeras2() {
        return major() == 2 && kerasVersion != null && !kerasVersion.endsWith("-tf") && majorMinor() < 204;
    }

    /** Major and minor as one comparable number, e.g. 3.15 -> 315, 2.2.4-tf -> 202. */
    public int majorMinor() {
        String[] p = kerasVersion == null ? new String[0] : kerasVersion.split("[.-]");
        try {
            int maj = p.length > 0 ? Integer.parseInt(p[0]) : 1;
            int min = p.length > 1 ? Integer.parseInt(p[1]) : 0;
            return maj * 100 + min;
        } catch (NumberFormatException e) {
            return 200;
        }
    }
}
