// bfloat16 variables as h5py stores them, read through FileWindow's jhdf workaround.
package dev.jkeras.load.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import io.jhdf.api.Dataset;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Bfloat16Test {
    /**
     * gzip+base64 of a file written by h5py 3.14 the way Keras stores bfloat16 variables:
     * <pre>
     * v = h5py.File(p, "w").create_group("layers").create_group("dense").create_group("vars")
     * v.create_dataset("0", data=np.array([[1.5, -2.25], [3.0, 0.1]], dtype=ml_dtypes.bfloat16)).attrs["dtype"] = "bfloat16"
     * v.create_dataset("1", data=np.array([2.5, -0.5], dtype=ml_dtypes.bfloat16))  # no attribute, as the legacy .h5 writer
     * </pre>
     */
    private static final String FILE =
            "H4sIAPrZAWsC/+2aMU8CMRiG2ztODvDCkWiiTrjhBotxMZ4R9AYjRB0YxYBxIEqEGPkHuDHe4A/wX8jo4u7o6Og/QEpbvB5gIGKM"
            + "4X2WL1/70Tbtm5e75u7d7L4VXYsShmmSELGJn67gYUPNZf+ZiFTEloiPmmyn/b4V0Z4Q4wfrTo9zOVbdDSDneTN4NAmYR9zcboHF"
            + "osilSp81ta5aalZu6l96dH847zj9ujrPL43J9PsegX6h32H9tgy1rly5qlfI7PR7cpTPMgVL3SV11a+DOgbT+UAhzPNaZDIf+LDg"
            + "A/CBYR9oR9S62xL7F/s9H0iFVR8I6hhM5wPFGM/vrMl8wLXV8wfz7QNST56l1qVFzATes5wZ+UA6po4b1DEY5wMLfM+ozFM8arxB"
            + "vpaMi3rvBFjlsmgzRK5pfABTKEKn7cSoJ4ZFoQC2jqVeX7nRrLHnxlVK+55iD5ZmKufLMi/hP3NnJvvBdaUNVrkV/75e+p63Di35"
            + "6ezYHcd52T7Yyx9S30b5z49xflG9LjUym/J3r3HsHQAAAAAAAAAA8N+gxAjcL/H7IEpH3y9Nfp/kiS85QoEZPWw6AAAA8MckHfL0"
            + "CRf12lCcKQAA";

    @TempDir
    Path tmp;

    @Test
    void readsH5pyBfloat16() throws IOException {
        Path p = tmp.resolve("bf16.weights.h5");
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(FILE)))) {
            Files.write(p, in.readAllBytes());
        }
        try (Hdf5 h = Hdf5.open(p, "bf16.weights.h5")) {
            Tensor k = h.read((Dataset) h.child(h.root(), "layers/dense/vars/0"));
            assertEquals(Shape.of(2, 2), k.shape());
            assertArrayEquals(new float[] {1.5f, -2.25f, 3.0f, 0.10009765625f}, k.data());
            assertArrayEquals(new float[] {2.5f, -0.5f}, h.read((Dataset) h.child(h.root(), "layers/dense/vars/1")).data());
        }
    }

    @Test
    void onlyOpaqueTwoByteDatatypeMessagesArePatched() {
        byte[] v1 = {3, 0, 8, 0, 1, 0, 0, 0, 0x15, 0, 0, 0, 2, 0, 0, 0};
        FileWindow.patchOpaqueTypes(v1, 0, v1.length);
        assertEquals(0x17, v1[8]);
        byte[] data = {9, 0, 8, 0, 1, 0, 0, 0, 0x15, 0, 0, 0, 2, 0, 0, 0};
        FileWindow.patchOpaqueTypes(data, 0, data.length);
        assertEquals(0x15, data[8]);
        byte[] wide = {3, 0, 8, 0, 1, 0, 0, 0, 0x15, 0, 0, 0, 4, 0, 0, 0};
        FileWindow.patchOpaqueTypes(wide, 0, wide.length);
        assertEquals(0x15, wide[8]);
    }
}
