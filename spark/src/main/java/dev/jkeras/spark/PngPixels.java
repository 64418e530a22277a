// PNG bytes to RGB floats 0..255 (height, width, 3), as keras.utils.load_img (PIL, color_mode="rgb") + img_to_array give
// them: grayscale replicated, palette looked up, alpha dropped, no colour management. 16-bit images and JPEG are refused:
// PIL reduces 16-bit colour its own way, and the JDK's JPEG decoder differs from PIL's libjpeg by a few levels per pixel.
package dev.jkeras.spark;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

final class PngPixels {
    private PngPixels() {}

    /** A decoded image: its size and its pixels, row-major (height, width, 3). */
    record Image(int height, int width, float[] rgb) {}

    /** Decodes {@code png}; a value that is not an 8-bit PNG raises {@link ColumnInput.BadValue} saying why. */
    static Image decode(byte[] png) {
        if (png.length >= 3 && png[0] == (byte) 0xff && png[1] == (byte) 0xd8 && png[2] == (byte) 0xff) {
            throw new ColumnInput.BadValue("JPEG images are not supported: the JDK's JPEG decoder differs from PIL's (keras.utils.load_img) "
                    + "by a few levels per pixel, so scores would not match Keras; store PNG bytes or decoded pixel arrays");
        }
        if (png.length < 8 || png[0] != (byte) 0x89 || png[1] != 'P' || png[2] != 'N' || png[3] != 'G') {
            throw new ColumnInput.BadValue("not a PNG image (" + png.length + " bytes); image columns hold PNG file bytes");
        }
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException | RuntimeException e) {
            throw new ColumnInput.BadValue("cannot decode the PNG image (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        }
        if (img == null) throw new ColumnInput.BadValue("cannot decode the PNG image");
        ColorModel cm = img.getColorModel();
        Raster r = img.getRaster();
        boolean indexed = cm instanceof IndexColorModel;
        int colors = indexed ? 3 : cm.getNumColorComponents();
        int type = cm.getColorSpace().getType();
        if (!indexed && !(colors == 1 && type == ColorSpace.TYPE_GRAY || colors == 3 && type == ColorSpace.TYPE_RGB)) {
            throw new ColumnInput.BadValue("PNG colour space with " + colors + " components (type " + type + ") is not supported; grayscale, RGB and palette images are");
        }
        for (int s : r.getSampleModel().getSampleSize()) {
            if (!indexed && s != 8) {
                throw new ColumnInput.BadValue(s + "-bit PNG samples are not supported (keras.utils.load_img reduces them its own way); save the image with 8 bits per channel");
            }
        }
        int h = img.getHeight(), w = img.getWidth();
        float[] out = new float[Math.multiplyExact(Math.multiplyExact(h, w), 3)];
        int k = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (indexed) {
                    IndexColorModel icm = (IndexColorModel) cm;
                    int i = r.getSample(x, y, 0);
                    out[k++] = icm.getRed(i);
                    out[k++] = icm.getGreen(i);
                    out[k++] = icm.getBlue(i);
                } else if (colors == 1) {
                    float g = r.getSample(x, y, 0);
                    out[k++] = g;
                    out[k++] = g;
                    out[k++] = g;
                } else {
                    out[k++] = r.getSample(x, y, 0);
                    out[k++] = r.getSample(x, y, 1);
                    out[k++] = r.getSample(x, y, 2);
                }
            }
        }
        return new Image(h, w, out);
    }
}
