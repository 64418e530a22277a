// The arrays a file holds for one layer, and the count/shape checks every source runs before reading them.
package dev.jkeras.load.weights;

import dev.jkeras.error.WeightsException;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.WeightDecl;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import io.jhdf.api.Dataset;
import java.util.ArrayList;
import java.util.List;

/** Internal: a dataset plus the path shown in messages. */
record StoredArray(Hdf5 file, Dataset dataset, String path) {
    Shape shape() {
        return file.shape(dataset);
    }

    Tensor read() {
        return file.read(dataset);
    }

    /** Checks count and shapes against the declarations, then reads every array. */
    static List<Tensor> checkAndRead(LayerSpec spec, List<WeightDecl> decls, List<StoredArray> found, String location) {
        checkCount(spec, decls, found, location);
        for (int i = 0; i < decls.size(); i++) {
            Shape got = found.get(i).shape();
            if (!got.equals(decls.get(i).shape())) {
                throw new WeightsException(spec.where() + ": weight " + i + " '" + decls.get(i).name() + "' should have shape "
                        + decls.get(i).shape() + ", but '" + found.get(i).path() + "' has shape " + got
                        + ". The layer config and the stored weights disagree (declared " + describe(decls) + ", stored " + describeStored(found) + ").");
            }
        }
        List<Tensor> out = new ArrayList<>();
        for (StoredArray a : found) out.add(a.read());
        return out;
    }

    static void checkCount(LayerSpec spec, List<WeightDecl> decls, List<StoredArray> found, String location) {
        if (found.size() != decls.size()) {
            throw new WeightsException(spec.where() + ": the layer needs " + decls.size() + " weight array(s) " + describe(decls)
                    + ", but " + location + " holds " + found.size() + " " + describeStored(found)
                    + ". The config and the weights file do not belong together, or this layer's options do not match the saved weights.");
        }
    }

    /** Checks count and shapes of already-read (converted) tensors. */
    static void checkTensors(LayerSpec spec, List<WeightDecl> decls, List<Tensor> got, String location) {
        if (got.size() != decls.size()) {
            throw new WeightsException(spec.where() + ": the layer needs " + decls.size() + " weight array(s) " + describe(decls)
                    + ", but " + location + " holds " + got.size() + " " + describeTensors(got));
        }
        for (int i = 0; i < decls.size(); i++) {
            if (!got.get(i).shape().equals(decls.get(i).shape())) {
                throw new WeightsException(spec.where() + ": weight " + i + " '" + decls.get(i).name() + "' should have shape "
                        + decls.get(i).shape() + ", but " + location + " gives " + got.get(i).shape() + " (declared " + describe(decls)
                        + ", stored " + describeTensors(got) + ")");
            }
        }
    }

    static String describe(List<WeightDecl> decls) {
        List<String> s = new ArrayList<>();
        for (WeightDecl d : decls) s.add(d.name() + " " + d.shape());
        return s.toString();
    }

    static String describeStored(List<StoredArray> found) {
        List<String> s = new ArrayList<>();
        for (StoredArray a : found) s.add(a.path() + " " + a.shape());
        return s.toString();
    }

    private static String describeTensors(List<Tensor> got) {
        List<String> s = new ArrayList<>();
        for (Tensor t : got) s.add(t.shape().toString());
        return s.toString();
    }

    static long totalSize(List<StoredArray> found) {
        long n = 0;
        for (StoredArray a : found) {
            Shape s = a.shape();
            long k = 1;
            for (int d : s.dims()) k *= d;
            n += k;
        }
        return n;
    }

    static long declaredSize(List<WeightDecl> decls) {
        long n = 0;
        for (WeightDecl d : decls) {
            long k = 1;
            for (int x : d.shape().dims()) k *= x;
            n += k;
        }
        return n;
    }
}
