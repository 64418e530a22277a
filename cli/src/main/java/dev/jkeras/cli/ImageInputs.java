// Image files as a model input, decoded a batch at a time by keras-import's ImagePixels (pixel for pixel as
// keras.utils.load_img + img_to_array give them; JPEG within a few levels): RGB / grayscale (L) / RGBA by the model's
// channel count, resized only when asked, as load_img(target_size, interpolation="nearest") does.
package dev.jkeras.cli;

import dev.jkeras.error.InputException;
import dev.jkeras.load.images.ImagePixels;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

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
            ImagePixels.Format f = ImagePixels.format(b);
            return f == ImagePixels.Format.PNG || f == ImagePixels.Format.JPEG || f == ImagePixels.Format.GIF;
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
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(f);
        } catch (IOException | RuntimeException e) {
            throw new InputException(f + ": cannot read the image file (" + e + ")");
        }
        try {
            return ImagePixels.decode(bytes);
        } catch (InputException e) {
            throw new InputException(f + ": " + e.getMessage(), e);
        }
    }

    private static void pixels(BufferedImage img, Path f, int h, int w, int c, float scale, float offset, float[] out, int off) {
        try {
            ImagePixels.pixels(img, h, w, c, scale, offset, out, off);
        } catch (InputException e) {
            throw new InputException(f + ": " + e.getMessage(), e);
        }
    }
}
