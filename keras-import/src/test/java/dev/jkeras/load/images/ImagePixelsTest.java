package dev.jkeras.load.images;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.error.InputException;
import dev.jkeras.load.Npy;
import dev.jkeras.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The image pixel rule against keras.utils.load_img + img_to_array (testdata/cli-inputs/pixels.npz, made by Keras). */
class ImagePixelsTest {
    static final Path INPUTS = repoRoot().resolve("testdata/cli-inputs");

    static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("testdata/cli-inputs"))) return p;
        }
        throw new IllegalStateException("no testdata/cli-inputs above " + Path.of("").toAbsolutePath());
    }

    /**
     * Every image of testdata/cli-inputs (RGB, RGBA, palette, grayscale, bilevel PNGs, a BMP, a JPEG) decodes, converts to
     * L / RGB / RGBA and resizes to the pixels load_img gave; the JPEG within 2 levels (the JDK's decoder is not libjpeg).
     */
    @Test
    void pixelsAreLoadImgs() throws IOException {
        Map<String, Tensor> want = Npy.readNpz(INPUTS.resolve("pixels.npz"));
        int checked = 0;
        for (Map.Entry<String, Tensor> e : want.entrySet()) {
            String key = e.getKey();
            int cut = key.contains("_to_") ? key.indexOf("_to_") : key.lastIndexOf('_');
            String stem = key.substring(0, cut), mode = key.substring(cut + 1);
            Path file = find(stem);
            BufferedImage img = ImagePixels.decode(Files.readAllBytes(file));
            Tensor w = e.getValue();
            int h = w.dim(0), wd = w.dim(1), c = w.dim(2);
            float[] got = new float[h * wd * c];
            ImagePixels.pixels(img, h, wd, c, 1f, 0f, got, 0);
            float max = 0;
            for (int i = 0; i < got.length; i++) max = Math.max(max, Math.abs(got[i] - w.data()[i]));
            if (stem.equals("photo")) {
                assertTrue(max <= 2, key + ": JPEG decoding differs from PIL's by " + max + " levels");
            } else {
                assertEquals(0f, max, key + " (" + mode + ")");
            }
            checked++;
        }
        assertEquals(21, checked);
    }

    private static Path find(String stem) throws IOException {
        try (var s = Files.walk(INPUTS)) {
            return s.filter(p -> p.getFileName().toString().matches(java.util.regex.Pattern.quote(stem) + "\\.(png|jpg|bmp)")).findFirst()
                    .orElseThrow(() -> new AssertionError("no image " + stem));
        }
    }

    /** PIL's nearest resize: centres accumulated in double, truncated (checked above against load_img on up- and down-scaling). */
    @Test
    void nearestIndices() {
        assertArrayEquals(new int[] {0, 1, 2}, ImagePixels.nearest(3, 3));
        assertArrayEquals(new int[] {0, 0, 1, 1, 2, 2}, ImagePixels.nearest(3, 6));
        assertArrayEquals(new int[] {1, 4}, ImagePixels.nearest(6, 2));
    }

    @Test
    void scaleAndOffsetAreAppliedInFloat32() throws IOException {
        BufferedImage img = ImagePixels.decode(Files.readAllBytes(INPUTS.resolve("rgb_set/a_rgb.png")));
        int h = img.getHeight(), w = img.getWidth();
        float[] raw = new float[h * w * 3], scaled = new float[h * w * 3 + 1];
        ImagePixels.pixels(img, h, w, 3, 1f, 0f, raw, 0);
        ImagePixels.pixels(img, h, w, 3, 1f / 255, -1f, scaled, 1);
        for (int i = 0; i < raw.length; i++) assertEquals(raw[i] * (1f / 255) + -1f, scaled[i + 1]);
    }

    @Test
    void formatsByLeadingBytes() throws IOException {
        assertEquals(ImagePixels.Format.PNG, ImagePixels.format(Files.readAllBytes(INPUTS.resolve("rgb_set/a_rgb.png"))));
        assertEquals(ImagePixels.Format.JPEG, ImagePixels.format(Files.readAllBytes(INPUTS.resolve("photo.jpg"))));
        assertEquals(ImagePixels.Format.BMP, ImagePixels.format(Files.readAllBytes(INPUTS.resolve("rgb_set/f_rgb.bmp"))));
        assertEquals(ImagePixels.Format.GIF, ImagePixels.format("GIF89a".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertEquals(ImagePixels.Format.UNKNOWN, ImagePixels.format(new byte[] {(byte) 0x89, 'P'}));
    }

    @Test
    void undecodableAndUnsupportedImagesAreInputErrors() throws IOException {
        InputException e = assertThrows(InputException.class, () -> ImagePixels.decode("not an image".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertTrue(e.getMessage().contains("not an image the JDK decodes"), e.getMessage());
        byte[] png = Files.readAllBytes(INPUTS.resolve("rgb_set/a_rgb.png"));
        e = assertThrows(InputException.class, () -> ImagePixels.decode(java.util.Arrays.copyOf(png, 60)));
        assertNotNull(e.getMessage());

        BufferedImage gray16 = new BufferedImage(2, 2, BufferedImage.TYPE_USHORT_GRAY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(gray16, "png", out);
        BufferedImage back = ImagePixels.decode(out.toByteArray());
        e = assertThrows(InputException.class, () -> ImagePixels.pixels(back, 2, 2, 3, 1f, 0f, new float[12], 0));
        assertTrue(e.getMessage().startsWith("16-bit samples are not supported"), e.getMessage());

        BufferedImage rgb565 = new BufferedImage(2, 2, BufferedImage.TYPE_USHORT_565_RGB);
        e = assertThrows(InputException.class, () -> ImagePixels.pixels(rgb565, 2, 2, 3, 1f, 0f, new float[12], 0));
        assertTrue(e.getMessage().startsWith("channels of different bit depths [5, 6, 5]"), e.getMessage());
    }
}
