package dev.jkeras.spark;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.graph.Model;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML {@link Transformer} that scores a saved Keras model ({@code .keras} or {@code .h5}) with jkeras: every model
 * output becomes a new column, every other column is kept, and row order is preserved.
 *
 * <p>The model file is read once on the driver (from {@link #modelPath()} on any Hadoop-compatible file system, or from
 * {@link #setModelBytes bytes}), broadcast, and loaded once per executor JVM (a cache keyed by the file's SHA-256); each
 * partition is scored {@link #batchSize()} rows per {@code Model.predict} call.
 *
 * <p>Columns feed model inputs by name ({@link #inputCols()} maps an input name to a column; unmapped inputs read the
 * column of the same name): {@code array<float>}, {@code array<double>}, integer arrays (integers within ±2^24), nested
 * arrays for inputs of rank &gt; 2, ML {@code Vector}s, numbers for inputs of shape {@code (None,)}, PNG bytes
 * ({@code binary}) for image inputs {@code (None, h, w, 3)} (decoded to RGB 0..255 as {@code keras.utils.load_img} does),
 * and strings for string inputs. Outputs are {@code float} (one value per row), {@code array<float>}, or nested arrays.
 *
 * <p>Saved with {@link #write()} (and in a saved {@code Pipeline}), the stage directory holds the model file itself, so a
 * saved pipeline does not depend on the original model path.
 */
public class KerasModelTransformer extends Transformer implements MLWritable {
    private static final long serialVersionUID = 1L;
    /** The model file's name inside a saved stage directory. */
    static final String SAVED_MODEL = "model.bin";

    private final String uid;
    private final Param<String> modelPath;
    private final StringMapParam inputCols;
    private final StringMapParam outputCols;
    private final IntParam batchSize;
    private final Param<String> onError;
    private final IntParam threads;
    private byte[] modelBytes;
    private transient volatile Loaded loaded;

    private record Loaded(Object source, byte[] bytes, String sha256, Model model) {}

    /** A transformer with a random uid. */
    public KerasModelTransformer() {
        this(Identifiable$.MODULE$.randomUID("kerasModel"));
    }

    /** A transformer with the given uid (Spark ML's convention, used when copying and loading). */
    public KerasModelTransformer(String uid) {
        this.uid = uid;
        modelPath = new Param<>(this, "modelPath", "the saved Keras model (.keras or .h5) on any Hadoop-compatible file system");
        inputCols = new StringMapParam(this, "inputCols", "model input name -> column; unmapped inputs read the column of the same name");
        outputCols = new StringMapParam(this, "outputCols", "model output name -> new column; unmapped outputs get a column of the same name");
        batchSize = new IntParam(this, "batchSize", "rows per Model.predict call within a partition (> 0)", ParamValidators.gt(0));
        onError = new Param<>(this, "onError", "a row that does not fit the model: \"error\" fails the job naming the row, \"null\" gives it null outputs",
                ParamValidators.inArray(List.of("error", "null")));
        threads = new IntParam(this, "threads", "threads one predict call uses (>= 0; 0: all cores); Spark already runs one task per core",
                ParamValidators.gtEq(0));
        setDefault(inputCols, Map.of());
        setDefault(outputCols, Map.of());
        setDefault(batchSize, 64);
        setDefault(onError, "error");
        setDefault(threads, 1);
    }

    @Override
    public String uid() {
        return uid;
    }

    /** Param: the saved Keras model's path or URI (any file system Hadoop reads: file:, hdfs:, s3a:, ...). */
    public Param<String> modelPath() {
        return modelPath;
    }

    /** Param: model input name to column name. */
    public StringMapParam inputCols() {
        return inputCols;
    }

    /** Param: model output name to new column name. */
    public StringMapParam outputCols() {
        return outputCols;
    }

    /** Param: rows per {@code Model.predict} call within a partition (default 64). */
    public IntParam batchSize() {
        return batchSize;
    }

    /** Param: {@code "error"} (default) fails the job at a bad row, naming it; {@code "null"} gives bad rows null outputs. */
    public Param<String> onError() {
        return onError;
    }

    /** Param: threads one predict call uses (default 1, as Spark runs one task per core; 0: all cores). */
    public IntParam threads() {
        return threads;
    }

    /** Sets {@link #modelPath()}; the file is read when the transformer is first used. */
    public KerasModelTransformer setModelPath(String path) {
        set(modelPath, path);
        modelBytes = null;
        loaded = null;
        return this;
    }

    /** Scores the model in {@code bytes} (the contents of a {@code .keras} or {@code .h5} file; not copied) instead of {@link #modelPath()}'s. */
    public KerasModelTransformer setModelBytes(byte[] bytes) {
        if (bytes == null || bytes.length == 0) throw new IllegalArgumentException("model bytes must not be empty");
        modelBytes = bytes;
        loaded = null;
        return this;
    }

    /** Sets {@link #inputCols()}. */
    public KerasModelTransformer setInputCols(Map<String, String> map) {
        set(inputCols, StringMapParam.copyOf(map));
        return this;
    }

    /** Sets {@link #outputCols()}. */
    public KerasModelTransformer setOutputCols(Map<String, String> map) {
        set(outputCols, StringMapParam.copyOf(map));
        return this;
    }

    /** Sets {@link #batchSize()}. */
    public KerasModelTransformer setBatchSize(int rows) {
        set(batchSize, rows);
        return this;
    }

    /** Sets {@link #onError()}: {@code "error"} or {@code "null"}. */
    public KerasModelTransformer setOnError(String mode) {
        set(onError, mode);
        return this;
    }

    /** Sets {@link #threads()}. */
    public KerasModelTransformer setThreads(int n) {
        set(threads, n);
        return this;
    }

    /** The loaded model (read and loaded on first use; shared with every transformer of the same model file in this JVM). */
    public Model model() {
        return load().model();
    }

    @Override
    public StructType transformSchema(StructType schema) {
        StructType out = schema;
        for (ColumnOutput o : plan(schema).outputs) out = out.add(new StructField(o.column, o.type(), true, org.apache.spark.sql.types.Metadata.empty()));
        return out;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        Dataset<Row> df = dataset.toDF();
        Plan p = plan(df.schema());
        StructType outSchema = transformSchema(df.schema());
        Loaded l = load();
        Broadcast<byte[]> bytes = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext()).broadcast(l.bytes());
        PartitionScorer scorer = new PartitionScorer(bytes, l.sha256(), describe(), p.inputs, p.outputs, (Integer) getOrDefault(batchSize),
                "null".equals(getOrDefault(onError)), (Integer) getOrDefault(threads));
        if (df instanceof org.apache.spark.sql.classic.Dataset<Row> classic && !df.isStreaming()) {
            return classic.sparkSession().internalCreateDataFrame(new ScoredRDD(classic.queryExecution(), scorer), outSchema, false);
        }
        return df.mapPartitions(new RowScorer(scorer, df.schema(), outSchema), Encoders.row(outSchema));
    }

    /**
     * The scorer for a streaming DataFrame (whose rows only a streaming query may read): external rows converted to internal
     * rows and back by Spark's row encoders around the same scoring.
     */
    private static final class RowScorer implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final PartitionScorer scorer;
        private final StructType in;
        private final StructType out;

        RowScorer(PartitionScorer scorer, StructType in, StructType out) {
            this.scorer = scorer;
            this.in = in;
            this.out = out;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            ExpressionEncoder.Serializer<Row> toInternal = ExpressionEncoder.apply(in).createSerializer();
            ExpressionEncoder<Row> outEncoder = ExpressionEncoder.apply(out);
            ExpressionEncoder.Deserializer<Row> toRow = outEncoder.resolveAndBind(outEncoder.resolveAndBind$default$1(),
                    outEncoder.resolveAndBind$default$2()).createDeserializer();
            org.apache.spark.TaskContext tc = org.apache.spark.TaskContext.get();
            Iterator<InternalRow> internal = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public InternalRow next() {
                    return toInternal.apply(rows.next());
                }
            };
            Iterator<InternalRow> scored = scorer.score(internal, tc == null ? 0 : tc.partitionId());
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return scored.hasNext();
                }

                @Override
                public Row next() {
                    return toRow.apply(scored.next());
                }
            };
        }
    }

    @Override
    public KerasModelTransformer copy(ParamMap extra) {
        KerasModelTransformer c = defaultCopy(extra);
        c.modelBytes = modelBytes;
        c.loaded = loaded;
        return c;
    }

    private record Plan(List<ColumnInput> inputs, List<ColumnOutput> outputs) {}

    private Plan plan(StructType schema) {
        Model m = model();
        Map<String, String> in = StringMapParam.copyOf(getOrDefault(inputCols));
        Map<String, String> outMap = StringMapParam.copyOf(getOrDefault(outputCols));
        unknownNames(in, m.inputNames(), "inputCols", "inputs");
        unknownNames(outMap, m.outputNames(), "outputCols", "outputs");
        List<ColumnInput> inputs = new ArrayList<>();
        for (int i = 0; i < m.inputNames().size(); i++) {
            String name = m.inputNames().get(i);
            String col = in.getOrDefault(name, name);
            if (!Arrays.asList(schema.fieldNames()).contains(col)) {
                throw new IllegalArgumentException(describe() + ": model input '" + name + "' reads column '" + col + "', which the DataFrame does not have "
                        + "(columns: " + String.join(", ", schema.fieldNames()) + "); map inputs to columns with inputCols");
            }
            int field = schema.fieldIndex(col);
            inputs.add(ColumnInput.of(name, m.inputShapes().get(i), m.inputDTypes().get(i), col, field, schema.fields()[field].dataType()));
        }
        List<ColumnOutput> outputs = new ArrayList<>();
        Set<String> taken = new LinkedHashSet<>(Arrays.asList(schema.fieldNames()));
        for (int j = 0; j < m.outputNames().size(); j++) {
            String name = m.outputNames().get(j);
            String col = outMap.getOrDefault(name, name);
            Shape shape = m.outputShapes().get(j);
            if (shape.rank() == 0) {
                throw new IllegalArgumentException(describe() + ": model output '" + name + "' is a scalar with no batch dimension, so it has no value per row");
            }
            if (!taken.add(col)) {
                throw new IllegalArgumentException(describe() + ": model output '" + name + "' would be written to column '" + col
                        + "', which already exists; name another with outputCols");
            }
            outputs.add(new ColumnOutput(name, col, shape.rank() - 1, m.outputDTypes().get(j) == DType.STRING));
        }
        return new Plan(inputs, outputs);
    }

    private void unknownNames(Map<String, String> map, List<String> names, String param, String what) {
        for (String k : map.keySet()) {
            if (!names.contains(k)) {
                throw new IllegalArgumentException(describe() + ": " + param + " names '" + k + "', which is not one of the model's " + what + " " + names);
            }
        }
    }

    private String describe() {
        return "KerasModelTransformer " + uid + " (" + (modelBytes != null ? "model bytes" : isDefined(modelPath) ? getOrDefault(modelPath) : "no model") + ")";
    }

    private Loaded load() {
        Object source = modelBytes != null ? modelBytes : isDefined(modelPath) ? getOrDefault(modelPath) : null;
        if (source == null) throw new IllegalArgumentException("KerasModelTransformer " + uid + ": set modelPath or model bytes before using it");
        Loaded l = loaded;
        if (l != null && l.source() == source) return l;
        byte[] bytes = modelBytes != null ? modelBytes : readFile((String) source, hadoopConf());
        String sha = ModelCache.sha256(bytes);
        l = new Loaded(source, bytes, sha, ModelCache.get(sha, () -> bytes));
        loaded = l;
        return l;
    }

    private static Configuration hadoopConf() {
        return SparkSession.active().sparkContext().hadoopConfiguration();
    }

    /** The whole file at {@code path} through Hadoop's FileSystem API. */
    static byte[] readFile(String path, Configuration conf) {
        try {
            Path p = new Path(path);
            FileSystem fs = p.getFileSystem(conf);
            FileStatus st = fs.getFileStatus(p);
            if (st.isDirectory()) {
                throw new ModelFormatException(path + " is a directory; give the .keras or .h5 file (a SavedModel or .keras directory cannot be read as bytes)");
            }
            if (st.getLen() > Integer.MAX_VALUE - 8) {
                throw new ModelFormatException(path + ": " + st.getLen() + " bytes is larger than one Java array (2 GiB)");
            }
            byte[] b = new byte[(int) st.getLen()];
            try (FSDataInputStream in = fs.open(p)) {
                in.readFully(0, b);
            }
            return b;
        } catch (IOException e) {
            throw new ModelFormatException(path + ": cannot read the model (" + e + ")", e);
        }
    }

    @Override
    public MLWriter write() {
        return new Writer(this);
    }

    /** The reader of saved transformers, as Spark ML's persistence (and {@code Pipeline} loading) calls it. */
    public static MLReader<KerasModelTransformer> read() {
        return new Reader();
    }

    /** Loads a transformer saved with {@link #write()}. */
    public static KerasModelTransformer load(String path) {
        return read().load(path);
    }

    private static final class Writer extends MLWriter {
        private final KerasModelTransformer t;

        Writer(KerasModelTransformer t) {
            this.t = t;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter$.MODULE$.saveMetadata(t, path, sparkSession());
            byte[] bytes = t.load().bytes();
            Path file = new Path(path, SAVED_MODEL);
            try (OutputStream out = file.getFileSystem(sparkSession().sparkContext().hadoopConfiguration()).create(file, true)) {
                out.write(bytes);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot write " + file, e);
            }
        }
    }

    private static final class Reader extends MLReader<KerasModelTransformer> {
        @Override
        public KerasModelTransformer load(String path) {
            DefaultParamsReader.Metadata md = DefaultParamsReader$.MODULE$.loadMetadata(path, sparkSession(), KerasModelTransformer.class.getName());
            KerasModelTransformer t = new KerasModelTransformer(md.uid());
            md.getAndSetParams(t, scala.Option.empty());
            return t.setModelBytes(readFile(new Path(path, SAVED_MODEL).toString(), sparkSession().sparkContext().hadoopConfiguration()));
        }
    }
}
