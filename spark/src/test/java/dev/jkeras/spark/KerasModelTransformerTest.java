package dev.jkeras.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.cli.NpyIO;
import dev.jkeras.graph.Model;
import dev.jkeras.load.KerasModels;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.apache.spark.SparkException;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * KerasModelTransformer on a local[2] Spark (one session for the class): predictions equal jkeras's own Model.predict on the
 * same rows bit for bit and Keras's outputs within 1e-5 + 1e-4*|want|, for Parquet input, several inputs and outputs, a
 * TimeDistributed video model (rank-5 nested arrays), ML Vectors, PNG images, a saved and reloaded Pipeline, and bad rows.
 */
class KerasModelTransformerTest {
    static final Path ROOT = repoRoot();
    static SparkSession spark;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("jkeras-spark-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.stop();
    }

    static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("testdata/fixtures"))) return p;
        }
        throw new IllegalStateException("no testdata/ above " + Path.of("").toAbsolutePath());
    }

    static Path fixture(String name, String file) {
        return ROOT.resolve("testdata/fixtures").resolve(name).resolve("keras3").resolve(file);
    }

    /** Rows {@code 0..n-1} of sample-major {@code t} as nested Java arrays (float[] innermost), for createDataFrame. */
    static Object rowValue(Tensor t, int row) {
        int[] d = t.shape().dims();
        return nest(t.data(), d, 1, row * t.shape().sizeFrom(1));
    }

    private static Object nest(float[] data, int[] d, int level, int off) {
        if (level == d.length - 1) return Arrays.copyOfRange(data, off, off + d[level]);
        int stride = 1;
        for (int i = level + 1; i < d.length; i++) stride *= d[i];
        Object[] a = new Object[d[level]];
        for (int i = 0; i < a.length; i++) a[i] = nest(data, d, level + 1, off + i * stride);
        return a;
    }

    static DataType arrayType(int rank, DataType leaf) {
        DataType t = leaf;
        for (int i = 0; i < rank; i++) t = DataTypes.createArrayType(t, true);
        return t;
    }

    /** A DataFrame with an {@code id} column and one nested float array column per tensor, {@code copies} times over. */
    static Dataset<Row> frame(Map<String, Tensor> columns, int copies) {
        List<StructField> fields = new ArrayList<>(List.of(DataTypes.createStructField("id", DataTypes.IntegerType, false)));
        for (Map.Entry<String, Tensor> e : columns.entrySet()) {
            fields.add(DataTypes.createStructField(e.getKey(), arrayType(e.getValue().rank() - 1, DataTypes.FloatType), true));
        }
        int n = columns.values().iterator().next().dim(0);
        List<Row> rows = new ArrayList<>();
        for (int c = 0; c < copies; c++) {
            for (int r = 0; r < n; r++) {
                List<Object> v = new ArrayList<>(List.of(c * n + r));
                for (Tensor t : columns.values()) v.add(rowValue(t, r));
                rows.add(RowFactory.create(v.toArray()));
            }
        }
        return spark.createDataFrame(rows, DataTypes.createStructType(fields));
    }

    /** Column {@code col} of the rows (ordered by id) flattened: one float[] per row, null for a null value. */
    static List<float[]> column(Dataset<Row> df, String col) {
        List<float[]> out = new ArrayList<>();
        for (Row r : df.orderBy("id").select(col).collectAsList()) out.add(r.isNullAt(0) ? null : flatten(r.get(0)));
        return out;
    }

    static float[] flatten(Object v) {
        List<Float> f = new ArrayList<>();
        flattenInto(v, f);
        float[] a = new float[f.size()];
        for (int i = 0; i < a.length; i++) a[i] = f.get(i);
        return a;
    }

    private static void flattenInto(Object v, List<Float> out) {
        if (v instanceof Float x) {
            out.add(x);
        } else {
            scala.collection.Seq<?> s = (scala.collection.Seq<?>) v;
            for (int i = 0; i < s.length(); i++) flattenInto(s.apply(i), out);
        }
    }

    static float[] sample(Tensor t, int row) {
        int w = t.shape().sizeFrom(1);
        return Arrays.copyOfRange(t.data(), row * w, row * w + w);
    }

    static void assertKeras(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            assertTrue(Math.abs(got[i] - want[i]) <= 1e-5 + 1e-4 * Math.abs(want[i]), what + " [" + i + "]: " + got[i] + " vs Keras " + want[i]);
        }
    }

    @Test
    void parquetInPredictionsOutMatchTheLibraryAndKeras() {
        Map<String, Tensor> in = NpyIO.readNpz(fixture("mlp", "inputs.npz"));
        Tensor want = NpyIO.readNpz(fixture("mlp", "outputs.npz")).get("dense_3");
        Path parquet = tmp.resolve("rows.parquet");
        frame(in, 25).repartition(2).write().parquet(parquet.toString());
        Dataset<Row> rows = spark.read().parquet(parquet.toString());

        KerasModelTransformer t = new KerasModelTransformer().setModelPath(fixture("mlp", "model.keras").toUri().toString()).setBatchSize(7);
        Dataset<Row> scored = t.transform(rows);
        assertEquals(List.of("id", "x", "dense_3"), Arrays.asList(scored.columns()));
        assertEquals(DataTypes.createArrayType(DataTypes.FloatType, false), scored.schema().apply("dense_3").dataType());
        List<float[]> got = column(scored, "dense_3");
        assertEquals(50, got.size());

        Model m = KerasModels.load(fixture("mlp", "model.keras"));
        Tensor x = in.get("x");
        float[][] all = new float[50][];
        for (int r = 0; r < 50; r++) all[r] = sample(x, r % 2);
        float[][] lib = m.predict(all);
        for (int r = 0; r < 50; r++) {
            assertArrayEquals(lib[r], got.get(r), "row " + r + ": Spark vs Model.predict on the same rows");
            assertKeras(sample(want, r % 2), got.get(r), "row " + r);
        }
        int loads = ModelCache.loads();
        t.transform(rows).count();
        new KerasModelTransformer().setModelPath(fixture("mlp", "model.keras").toString()).transform(rows).count();
        assertEquals(loads, ModelCache.loads(), "the same model file is loaded once per JVM");
    }

    @Test
    void multiInputMultiOutputWithRenamedColumnsAndDoubles() {
        Map<String, Tensor> in = NpyIO.readNpz(fixture("functional_multi", "inputs.npz"));
        Map<String, Tensor> want = NpyIO.readNpz(fixture("functional_multi", "outputs.npz"));
        Dataset<Row> df = frame(in, 3).withColumnRenamed("b", "second")
                .selectExpr("id", "a", "transform(second, v -> cast(v as double)) as second");
        KerasModelTransformer t = new KerasModelTransformer().setModelPath(fixture("functional_multi", "model.h5").toString())
                .setInputCols(Map.of("b", "second")).setOutputCols(Map.of("out_aux", "aux")).setBatchSize(4);
        Dataset<Row> scored = t.transform(df);
        assertEquals(List.of("id", "a", "second", "out_main", "aux", "add"), Arrays.asList(scored.columns()));
        Map<String, String> cols = Map.of("out_main", "out_main", "out_aux", "aux", "add", "add");
        for (Map.Entry<String, String> e : cols.entrySet()) {
            List<float[]> got = column(scored, e.getValue());
            for (int r = 0; r < got.size(); r++) assertKeras(sample(want.get(e.getKey()), r % 2), got.get(r), e.getKey() + " row " + r);
        }
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> t.copy(new org.apache.spark.ml.param.ParamMap()).setInputCols(Map.of("c", "a")).transformSchema(df.schema()));
        assertTrue(unknown.getMessage().contains("inputCols names 'c', which is not one of the model's inputs [a, b]"), unknown.getMessage());
    }

    @Test
    void timeDistributedVideoModelFromBytesOnRank5NestedArrays() throws IOException {
        Path dir = ROOT.resolve("testdata/examples");
        Tensor x = NpyIO.readNpy(dir.resolve("video_input.npy"));
        Tensor want = NpyIO.readNpy(dir.resolve("video_expected.npy"));
        KerasModelTransformer t = new KerasModelTransformer().setModelBytes(Files.readAllBytes(dir.resolve("video_classifier.keras")));
        String input = t.model().inputNames().get(0), output = t.model().outputNames().get(0);
        Dataset<Row> scored = t.transform(frame(Map.of(input, x), 2));
        assertEquals(arrayType(4, DataTypes.FloatType), ((StructType) scored.schema()).apply(input).dataType());
        List<float[]> got = column(scored, output);
        Tensor lib = t.model().predict(x);
        for (int r = 0; r < got.size(); r++) {
            assertArrayEquals(sample(lib, r % 2), got.get(r), "row " + r + " vs Model.predict");
            assertKeras(sample(want, r % 2), got.get(r), "video row " + r);
        }
    }

    @Test
    void mlVectorsDenseAndSparse() {
        Tensor x = NpyIO.readNpz(fixture("mlp", "inputs.npz")).get("x");
        Tensor want = NpyIO.readNpz(fixture("mlp", "outputs.npz")).get("dense_3");
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            double[] d = new double[7];
            for (int i = 0; i < 7; i++) d[i] = sample(x, r)[i];
            rows.add(RowFactory.create(2 * r, Vectors.dense(d)));
            rows.add(RowFactory.create(2 * r + 1, Vectors.dense(d).toSparse()));
        }
        StructType schema = DataTypes.createStructType(List.of(DataTypes.createStructField("id", DataTypes.IntegerType, false),
                DataTypes.createStructField("features", SQLDataTypes.VectorType(), true)));
        Dataset<Row> scored = new KerasModelTransformer().setModelPath(fixture("mlp", "model.keras").toString())
                .setInputCols(Map.of("x", "features")).setOutputCols(Map.of("dense_3", "scores")).transform(spark.createDataFrame(rows, schema));
        List<float[]> got = column(scored, "scores");
        for (int r = 0; r < 4; r++) assertKeras(sample(want, r / 2), got.get(r), "vector row " + r);
    }

    @Test
    void pngImagesAsKerasLoadImgReadsThem() throws IOException {
        Path dir = ROOT.resolve("testdata/cli-inputs/rgb_set");
        Tensor want = NpyIO.readNpz(ROOT.resolve("testdata/cli-inputs/expected.npz")).get("rgb_set");
        List<Row> rows = new ArrayList<>();
        try (var files = Files.list(dir)) {
            List<Path> sorted = files.sorted().toList();
            for (int i = 0; i < sorted.size(); i++) rows.add(RowFactory.create(i, Files.readAllBytes(sorted.get(i))));
        }
        StructType schema = DataTypes.createStructType(List.of(DataTypes.createStructField("id", DataTypes.IntegerType, false),
                DataTypes.createStructField("image", DataTypes.BinaryType, true)));
        Dataset<Row> scored = new KerasModelTransformer().setModelPath(fixture("cli_image_rgb", "model.keras").toString()).setOnError("null")
                .transform(spark.createDataFrame(rows, schema));
        List<float[]> got = column(scored, "probs");
        for (int r = 0; r < 5; r++) assertKeras(sample(want, r), got.get(r), "PNG " + r);
        assertNull(got.get(5), "the BMP row is not a PNG, so it scores null");

        List<Row> jpeg = List.of(RowFactory.create(0, Files.readAllBytes(ROOT.resolve("testdata/cli-inputs/photo.jpg"))));
        SparkException e = assertThrows(SparkException.class, () -> new KerasModelTransformer().setModelPath(fixture("cli_image_rgb", "model.keras").toString())
                .transform(spark.createDataFrame(jpeg, schema)).collectAsList());
        assertTrue(e.getMessage().contains("bad row 0 of partition 0, column 'image' (model input 'image'): JPEG images are not supported"), e.getMessage());
    }

    @Test
    void pipelineSaveAndLoadIsSelfContained() throws IOException {
        Path model = Files.copy(fixture("mlp", "model.keras"), tmp.resolve("copy.keras"));
        Dataset<Row> rows = frame(NpyIO.readNpz(fixture("mlp", "inputs.npz")), 4);
        KerasModelTransformer t = new KerasModelTransformer().setModelPath(model.toString()).setBatchSize(3).setOutputCols(Map.of("dense_3", "y"));
        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {t}).fit(rows);
        List<float[]> before = column(fitted.transform(rows), "y");
        String saved = tmp.resolve("pipeline").toString();
        fitted.write().overwrite().save(saved);
        Files.delete(model);
        PipelineModel loaded = PipelineModel.load(saved);
        KerasModelTransformer back = (KerasModelTransformer) loaded.stages()[0];
        assertEquals(3, (Integer) back.getOrDefault(back.batchSize()));
        assertEquals(Map.of("dense_3", "y"), back.getOrDefault(back.outputCols()));
        List<float[]> after = column(loaded.transform(rows), "y");
        for (int r = 0; r < before.size(); r++) assertArrayEquals(before.get(r), after.get(r), "row " + r + " after save/load");
    }

    @Test
    void badRowsFailNamingTheRowOrScoreNull() {
        Tensor x = NpyIO.readNpz(fixture("mlp", "inputs.npz")).get("x");
        Tensor want = NpyIO.readNpz(fixture("mlp", "outputs.npz")).get("dense_3");
        List<Row> rows = List.of(RowFactory.create(0, sample(x, 0)), RowFactory.create(1, Arrays.copyOf(sample(x, 1), 6)),
                RowFactory.create(2, (Object) null), RowFactory.create(3, sample(x, 1)));
        StructType schema = DataTypes.createStructType(List.of(DataTypes.createStructField("id", DataTypes.IntegerType, false),
                DataTypes.createStructField("x", DataTypes.createArrayType(DataTypes.FloatType, true), true)));
        Dataset<Row> df = spark.createDataFrame(rows, schema).coalesce(1);
        KerasModelTransformer t = new KerasModelTransformer().setModelPath(fixture("mlp", "model.keras").toString());
        SparkException e = assertThrows(SparkException.class, () -> t.transform(df).collectAsList());
        assertTrue(e.getMessage().contains("bad row 1 of partition 0, column 'x' (model input 'x'): expected 7 values, found 6"), e.getMessage());

        List<float[]> got = column(t.setOnError("null").transform(df), "dense_3");
        assertKeras(sample(want, 0), got.get(0), "good row 0");
        assertNull(got.get(1), "wrong length");
        assertNull(got.get(2), "null value");
        assertKeras(sample(want, 1), got.get(3), "good row 3");
    }

    @Test
    void stringAndIntegerColumns() {
        Map<String, Tensor> text = NpyIO.readNpz(fixture("str_text_classifier", "inputs.npz"));
        Tensor wantProbs = NpyIO.readNpz(fixture("str_text_classifier", "outputs.npz")).get("probs");
        String[] strings = text.get("text").strings();
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < strings.length; r++) rows.add(RowFactory.create(r, strings[r]));
        StructType schema = DataTypes.createStructType(List.of(DataTypes.createStructField("id", DataTypes.IntegerType, false),
                DataTypes.createStructField("text", DataTypes.StringType, true)));
        List<float[]> got = column(new KerasModelTransformer().setModelPath(fixture("str_text_classifier", "model.keras").toString()).setBatchSize(4)
                .transform(spark.createDataFrame(rows, schema)), "probs");
        for (int r = 0; r < strings.length; r++) assertKeras(sample(wantProbs, r), got.get(r), "text row " + r);

        Tensor tokens = NpyIO.readNpz(fixture("embedding_lstm", "inputs.npz")).get("tokens");
        Tensor want = NpyIO.readNpz(fixture("embedding_lstm", "outputs.npz")).get("head");
        rows = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            long[] t = new long[tokens.dim(1)];
            for (int i = 0; i < t.length; i++) t[i] = (long) sample(tokens, r)[i];
            rows.add(RowFactory.create(r, t));
        }
        long[] huge = new long[tokens.dim(1)];
        huge[2] = (1L << 24) + 1;
        rows.add(RowFactory.create(2, huge));
        schema = DataTypes.createStructType(List.of(DataTypes.createStructField("id", DataTypes.IntegerType, false),
                DataTypes.createStructField("tokens", DataTypes.createArrayType(DataTypes.LongType, false), true)));
        Dataset<Row> df = spark.createDataFrame(rows, schema).coalesce(1);
        KerasModelTransformer t = new KerasModelTransformer().setModelPath(fixture("embedding_lstm", "model.keras").toString());
        got = column(t.copy(new org.apache.spark.ml.param.ParamMap()).setOnError("null").transform(df), "head");
        for (int r = 0; r < 2; r++) assertKeras(sample(want, r), got.get(r), "token row " + r);
        assertNull(got.get(2), "an integer beyond 2^24 scores null");
        SparkException e = assertThrows(SparkException.class, () -> t.transform(df).collectAsList());
        assertTrue(e.getMessage().contains("bad row 2 of partition 0, column 'tokens' (model input 'tokens'): integer 16777217 at value[2] lies beyond"),
                e.getMessage());
    }

    /** transform() runs no Spark job (the input is planned when an action asks for the rows), even over a shuffle. */
    @Test
    void transformIsLazy() {
        Dataset<Row> rows = frame(NpyIO.readNpz(fixture("mlp", "inputs.npz")), 10).repartition(3);
        spark.sparkContext().setJobGroup("jkeras-lazy", "transform only", false);
        try {
            Dataset<Row> scored = new KerasModelTransformer().setModelPath(fixture("mlp", "model.keras").toString()).transform(rows);
            assertEquals(0, spark.sparkContext().statusTracker().getJobIdsForGroup("jkeras-lazy").length, "transform() ran a job");
            assertEquals(20, scored.count());
            assertTrue(spark.sparkContext().statusTracker().getJobIdsForGroup("jkeras-lazy").length > 0);
        } finally {
            spark.sparkContext().clearJobGroup();
        }
    }

    /** A streaming DataFrame (Parquet files read as a stream) is scored through Spark's row encoders, with the same results. */
    @Test
    void streamingDataFrame() throws Exception {
        Map<String, Tensor> in = NpyIO.readNpz(fixture("mlp", "inputs.npz"));
        Tensor want = NpyIO.readNpz(fixture("mlp", "outputs.npz")).get("dense_3");
        Path dir = tmp.resolve("stream-in");
        Dataset<Row> batch = frame(in, 3);
        batch.write().parquet(dir.toString());
        Dataset<Row> stream = spark.readStream().schema(batch.schema()).parquet(dir.toString());
        Dataset<Row> scored = new KerasModelTransformer().setModelPath(fixture("mlp", "model.keras").toString()).setBatchSize(4).transform(stream);
        assertTrue(scored.isStreaming());
        org.apache.spark.sql.streaming.StreamingQuery q = scored.writeStream().format("memory").queryName("jkeras_stream")
                .trigger(org.apache.spark.sql.streaming.Trigger.AvailableNow()).start();
        q.awaitTermination();
        List<float[]> got = column(spark.table("jkeras_stream"), "dense_3");
        assertEquals(6, got.size());
        for (int r = 0; r < 6; r++) assertKeras(sample(want, r % 2), got.get(r), "streamed row " + r);
    }

    /** The README's Spark example, compiled as written and run on a fixture. */
    @Test
    void readmeExampleRunsAsWritten() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher m = Pattern.compile("<!-- KerasModelTransformerTest: ScoreParquet -->\\s*```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(m.find(), "README.md has no Spark example marked ScoreParquet");
        Path src = tmp.resolve("src/ScoreParquet.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, m.group(1));
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "--release", "17", "-cp", System.getProperty("java.class.path"), "-d", classes.toString(), src.toString());
        assertEquals(0, rc, "the README's Spark example does not compile as written");

        String in = tmp.resolve("rows.parquet").toString(), out = tmp.resolve("scored.parquet").toString();
        frame(NpyIO.readNpz(fixture("mlp", "inputs.npz")), 1).write().parquet(in);
        try (URLClassLoader cl = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            java.lang.reflect.Method score = cl.loadClass("ScoreParquet").getDeclaredMethod("score", SparkSession.class, String.class, String.class, String.class);
            score.setAccessible(true);
            score.invoke(null, spark, fixture("mlp", "model.keras").toString(), in, out);
        }
        Tensor want = NpyIO.readNpz(fixture("mlp", "outputs.npz")).get("dense_3");
        List<float[]> got = column(spark.read().parquet(out), "dense_3");
        for (int r = 0; r < 2; r++) assertKeras(sample(want, r), got.get(r), "README example row " + r);
        assertEquals(Shape.of(2, 3), want.shape());
    }
}
