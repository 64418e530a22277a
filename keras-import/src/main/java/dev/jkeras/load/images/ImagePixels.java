// Image file bytes to the pixels keras.utils.load_img + img_to_array give (PIL, no colour management): float 0..255,
// channels last, as PIL's convert("L"/"RGB"/"RGBA") from the raw samples (palette looked up, grey replicated, alpha kept
// or dropped, L = (19595 R + 38470 G + 7471 B + 0x8000) >> 16), resized by nearest neighbour as PIL's resize(NEAREST).
package dev.jkeras.load.images;

import dev.jkeras.error.InputException;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * The one place jkeras turns image files into model input pixels, the way {@code keras.utils.load_img} (PIL) and
 * {@code img_to_array} do. Decoding uses the JDK's {@code javax.imageio}: PNG, GIF and BMP give PIL's pixels exactly; the
 * JDK's JPEG decoder differs from PIL's libjpeg by a few levels per pixel, so callers decide whether JPEG is acceptable
 * ({@link #format} tells the file kind from its first bytes). Errors are {@link InputException}s whose message does not
 * name the file (callers add where the image came from).
 */
public final class ImagePixels {
    private ImagePixels() {}

    /** An image file kind, by its leading bytes. */
    public enum Format { PNG, JPEG, GIF, BMP, UNKNOWN }

    /** The kind of image file that starts with {@code head} (at least its first 4 bytes; fewer give {@link Format#UNKNOWN}). */
    public static Format format(byte[] head) {
        if (head.length >= 4) {
            if (head[0] == (byte) 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') return Format.PNG;
            if (head[0] == (byte) 0xff && head[1] == (byte) 0xd8 && head[2] == (byte) 0xff) return Format.JPEG;
            if (head[0] == 'G' && head[1] == 'I' && head[2] == 'F' && head[3] == '8') return Format.GIF;
            if (head[0] == 'B' && head[1] == 'M') return Format.BMP;
        }
        return Format.UNKNOWN;
    }

    /**
     * Decodes an image file's bytes (PNG, JPEG, GIF, BMP; in memory, no temporary files).
     *
     * @throws InputException if the JDK cannot decode them
     */
    public static BufferedImage decode(byte[] file) {
        BufferedImage img;
        try {
            img = ImageIO.read(new MemoryCacheImageInputStream(new ByteArrayInputStream(file)));
        } catch (IOException | RuntimeException e) {
            throw new InputException("cannot decode the image (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        }
        if (img == null) throw new InputException("not an image the JDK decodes (PNG, JPEG, GIF, BMP)");
        return img;
    }

    /**
     * Writes {@code img}'s pixels into {@code out} from {@code off} as (h, w, c) floats {@code pixel * scale + offset}
     * (float32), c = 1 (grayscale), 3 (RGB) or 4 (RGBA), resized by nearest neighbour to (h, w) if the image differs.
     *
     * @throws InputException for colour spaces other than grayscale, RGB and palette, and for samples wider than 8 bits
     */
    public static void pixels(BufferedImage img, int h, int w, int c, float scale, float offset, float[] out, int off) {
        if (c != 1 && c != 3 && c != 4) throw new IllegalArgumentException("channels must be 1, 3 or 4, not " + c);
        ColorModel cm = img.getColorModel();
        Raster r = img.getRaster();
        boolean indexed = cm instanceof IndexColorModel;
        int colors = indexed ? 3 : cm.getNumColorComponents();
        int type = cm.getColorSpace().getType();
        if (!indexed && !(colors == 1 && type == ColorSpace.TYPE_GRAY || colors == 3 && type == ColorSpace.TYPE_RGB)) {
            throw new InputException("colour space with " + colors + " components (type " + type + ") is not supported; "
                    + "jkeras reads grayscale, RGB and palette images (convert CMYK or YCCK images to RGB first)");
        }
        int bits = 0;
        int[] sizes = r.getSampleModel().getSampleSize();
        for (int s : sizes) bits = Math.max(bits, s);
        for (int s : sizes) {
            if (!indexed && s != bits) {
                throw new InputException("channels of different bit depths " + java.util.Arrays.toString(sizes) + " (e.g. a 5-6-5 BMP) are not "
                        + "supported: how PIL widens them is not reproduced; save the image with 8 bits per channel");
            }
        }
        if (!indexed && bits > 8) {
            throw new InputException(bits + "-bit samples are not supported (keras.utils.load_img keeps 16-bit grayscale as 0..65535 "
                    + "but reduces 16-bit color to 8 bits); save the image with 8 bits per channel");
        }
        int max = indexed ? 255 : (1 << bits) - 1;
        boolean alpha = cm.hasAlpha();
        int[] xs = nearest(img.getWidth(), w), ys = nearest(img.getHeight(), h);
        int k = off;
        for (int y = 0; y < h; y++) {
            int sy = ys[y];
            for (int x = 0; x < w; x++) {
                int sx = xs[x];
                int red, green, blue, a;
                if (indexed) {
                    int i = r.getSample(sx, sy, 0);
                    IndexColorModel icm = (IndexColorModel) cm;
                    red = icm.getRed(i);
                    green = icm.getGreen(i);
                    blue = icm.getBlue(i);
                    a = icm.getAlpha(i);
                } else if (colors == 1) {
                    red = green = blue = widen(r.getSample(sx, sy, 0), max);
                    a = alpha ? widen(r.getSample(sx, sy, 1), max) : 255;
                } else {
                    red = widen(r.getSample(sx, sy, 0), max);
                    green = widen(r.getSample(sx, sy, 1), max);
                    blue = widen(r.getSample(sx, sy, 2), max);
                    a = alpha ? widen(r.getSample(sx, sy, 3), max) : 255;
                }
                if (c == 1) {
                    int l = colors == 1 && !indexed ? red : (red * 19595 + green * 38470 + blue * 7471 + 0x8000) >> 16;
                    out[k++] = l * scale + offset;
                } else {
                    out[k++] = red * scale + offset;
                    out[k++] = green * scale + offset;
                    out[k++] = blue * scale + offset;
                    if (c == 4) out[k++] = a * scale + offset;
                }
            }
        }
    }

    private static int widen(int v, int max) {
        return max == 255 ? v : v * 255 / max;
    }

    /**
     * Source index of each of {@code out} positions sampling {@code in} by nearest neighbour, as PIL's resize(NEAREST) does:
     * the centre of output pixel x maps to (x + 0.5) * in/out, accumulated in double from 0.5 * in/out, then truncated.
     */
    public static int[] nearest(int in, int out) {
        int[] idx = new int[out];
        if (in == out) {
            for (int i = 0; i < out; i++) idx[i] = i;
            return idx;
        }
        double a = (double) in / out;
        double pos = a * 0.5;
        for (int i = 0; i < out; i++) {
            idx[i] = Math.min(in - 1, (int) pos);
            pos += a;
        }
        return idx;
    }
}
