// Image files as a model input, decoded a batch at a time with javax.imageio, pixel for pixel as
// keras.utils.load_img + img_to_array give them (PIL): float 0..255, channels last, RGB / grayscale (L) / RGBA by the
// model's channel count, resized only when asked, as load_img(target_size, interpolation="nearest") does.
package dev.jkeras.cli;

import dev.jkeras.error.InputException;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** Image inputs for {@code predict}: which files are images, and a {@link Batches.Source} that decodes them. */
final class ImageInputs {
    private ImageInputs() {}

    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    /** How to turn pixels into model input values: an optional target size, then {@code x * scale + offset} (float32). */
    record Options(int[] resize, boolean resizeToModel, float scale, float offset) {}

    /** True for a file named or starting like an image (PNG, JPEG, GIF, BMP). */
    static boolean isImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String e : EXTENSIONS) if (name.endsWith(e)) return true;
        try (InputStream in = Files.newInputStream(p)) {
            byte[] b = in.readNBytes(4);
            return b.length == 4 && (b[0] == (byte) 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G'
                    || b[0] == (byte) 0xff && b[1] == (byte) 0xd8 && b[2] == (byte) 0xff
                    || b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8');
        } catch (IOException e) {
            return false;
        }
    }

    /** The images of a directory (by extension), sorted by name. */
    static List<Path> listDirectory(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> out = new ArrayList<>();
            s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return EXTENSIONS.stream().anyMatch(n::endsWith);
            }).sorted().forEach(out::add);
            if (out.isEmpty()) throw new UsageException(dir + " holds no images (" + String.join(", ", EXTENSIONS) + ")");
            return out;
        } catch (IOException e) {
            throw new UsageException("cannot list " + dir + ": " + e.getMessage());
        }
    }

    /**
     * The images as one input of per-sample shape {@code sample} (height, width, channels), channels last as load_img gives
     * them. A fixed model size that an image does not have is refused unless {@code opt} resizes.
     */
    static Batches.Source source(List<Path> files, Shape sample, Options opt, String input) {
        if (sample.rank() != 3) {
            throw new UsageException("model input '" + input + "' has shape " + sample.prepend(Shape.UNKNOWN) + ", not an image (height, width, "
                    + "channels): give arrays (.npy, .npz, JSON, CSV) instead of images");
        }
        int c = sample.dim(2) == Shape.UNKNOWN ? 3 : sample.dim(2);
        if (c != 1 && c != 3 && c != 4) {
            throw new UsageException("model input '" + input + "' has shape " + sample.prepend(Shape.UNKNOWN) + ": " + c + " channels; images "
                    + "give 1 (grayscale), 3 (RGB) or 4 (RGBA), channels last (a channels_first model takes arrays)");
        }
        int h, w;
        if (opt.resize() != null) {
            h = opt.resize()[0];
            w = opt.resize()[1];
            if (sample.dim(0) != Shape.UNKNOWN && sample.dim(0) != h || sample.dim(1) != Shape.UNKNOWN && sample.dim(1) != w) {
                throw new UsageException("--resize " + h + "x" + w + " does not fit model input '" + input + "' " + sample.prepend(Shape.UNKNOWN)
                        + "; use --resize alone to resize to the model's size");
            }
        } else if (sample.dim(0) != Shape.UNKNOWN && sample.dim(1) != Shape.UNKNOWN) {
            h = sample.dim(0);
            w = sample.dim(1);
        } else {
            if (opt.resizeToModel()) {
                throw new UsageException("model input '" + input + "' " + sample.prepend(Shape.UNKNOWN) + " takes any image size, so --resize "
                        + "needs one: --resize HEIGHTxWIDTH");
            }
            BufferedImage first = decode(files.get(0));
            h = first.getHeight();
            w = first.getWidth();
        }
        boolean resize = opt.resize() != null || opt.resizeToModel();
        int height = h, width = w;
        Shape shape = Shape.of(files.size(), h, w, c);
        return new Batches.Source() {
            private int at;

            @Override
            public Shape shape() {
                return shape;
            }

            @Override
            public boolean isString() {
                return false;
            }

            @Override
            public String note() {
                return files.size() + " image(s) as " + height + "x" + width + " " + (c == 1 ? "grayscale" : c == 3 ? "RGB" : "RGBA")
                        + (resize ? " (resized, nearest)" : "") + ", pixels 0..255 * " + opt.scale() + " + " + opt.offset();
            }

            @Override
            public String where() {
                return files.size() == 1 ? files.get(0).toString() : files.size() + " images (" + files.get(0) + ", ...)";
            }

            @Override
            public Tensor next(int rows) {
                int per = height * width * c;
                float[] data = new float[Math.multiplyExact(rows, per)];
                for (int i = 0; i < rows; i++) {
                    Path f = files.get(at + i);
                    BufferedImage img = decode(f);
                    if (!resize && (img.getHeight() != height || img.getWidth() != width)) {
                        throw new InputException(f + ": the image is " + img.getHeight() + "x" + img.getWidth() + " (height x width), but "
                                + (sample.dim(0) != Shape.UNKNOWN ? "model input '" + input + "' takes " + height + "x" + width
                                : "the batch holds " + height + "x" + width + " images (" + files.get(at) + ")")
                                + "; pass --resize" + (sample.dim(0) != Shape.UNKNOWN ? "" : " HEIGHTxWIDTH (or --batch-size 1 to run each at its own size)")
                                + " to resize as keras.utils.load_img(target_size=..., interpolation=\"nearest\") does");
                    }
                    pixels(img, f, height, width, c, opt.scale(), opt.offset(), data, i * per);
                }
                at += rows;
                return Tensor.of(Shape.of(rows, height, width, c), data);
            }
        };
    }

    private static BufferedImage decode(Path f) {
        BufferedImage img;
        try {
            img = ImageIO.read(f.toFile());
        } catch (IOException | RuntimeException e) {
            throw new InputException(f + ": cannot decode the image (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        }
        if (img == null) throw new InputException(f + ": not an image the JDK decodes (PNG, JPEG, GIF, BMP)");
        return img;
    }

    /**
     * Writes the image's pixels into {@code out} at {@code off} as (h, w, c) floats, resized by nearest neighbour to (h, w)
     * if it differs, converted as PIL's convert("L"/"RGB"/"RGBA") does from the raw samples (no colour management).
     */
    static void pixels(BufferedImage img, Path f, int h, int w, int c, float scale, float offset, float[] out, int off) {
        ColorModel cm = img.getColorModel();
        Raster r = img.getRaster();
        boolean indexed = cm instanceof IndexColorModel;
        int colors = indexed ? 3 : cm.getNumColorComponents();
        int type = cm.getColorSpace().getType();
        if (!indexed && !(colors == 1 && type == ColorSpace.TYPE_GRAY || colors == 3 && type == ColorSpace.TYPE_RGB)) {
            throw new InputException(f + ": colour space with " + colors + " components (type " + type + ") is not supported; "
                    + "jkeras reads grayscale, RGB and palette images (convert CMYK or YCCK images to RGB first)");
        }
        int bits = 0;
        for (int s : r.getSampleModel().getSampleSize()) bits = Math.max(bits, s);
        if (!indexed && bits > 8) {
            throw new InputException(f + ": " + bits + "-bit samples are not supported (keras.utils.load_img keeps 16-bit grayscale as 0..65535 "
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
    static int[] nearest(int in, int out) {
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
