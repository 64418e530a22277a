"""Spark scoring throughput: jkeras's KerasModelTransformer vs a pandas UDF running Keras, same Spark, same rows, same run.

Run from the repository root (see README.md beside this file):

    mvn -B -o package -pl spark -am -DskipTests
    /work/venv-spark/bin/python benchmarks/spark/bench_spark.py

For each model (the mlp fixture; a mid-size CNN built here with a fixed seed) and each master (local[1], local[2]) it
caches N rows of random float32 inputs, then times a full scoring pass (written to Spark's "noop" sink) three times
per engine after one warm-up pass, and prints rows/s as the median of 3 with min-max. Both engines score batches of
BATCH rows (jkeras: batchSize; pandas UDF: spark.sql.execution.arrow.maxRecordsPerBatch) and their outputs are checked
against each other first.
"""
import json
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # the workers need this venv's pandas, pyarrow, keras, jax

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from pyspark.sql import SparkSession
from pyspark.sql.functions import pandas_udf

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "spark", "python"))
from jkeras_spark import KerasModelTransformer  # noqa: E402

JAR = os.path.join(ROOT, "spark", "target", "jkeras-spark.jar")
BATCH = 256
RUNS = 3


def cnn_model(path):
    import keras
    keras.utils.set_random_seed(0)
    L = keras.layers
    x = keras.Input(shape=(32 * 32 * 3,), name="x")
    y = L.Reshape((32, 32, 3))(x)
    y = L.Conv2D(32, 3, padding="same", activation="relu")(y)
    y = L.Conv2D(64, 3, strides=2, padding="same", activation="relu")(y)
    y = L.Conv2D(64, 3, strides=2, padding="same", activation="relu")(y)
    y = L.GlobalAveragePooling2D()(y)
    y = L.Dense(10, activation="softmax", name="probs")(y)
    keras.Model(x, y, name="cnn").save(path)


def keras_udf(path, out):
    @pandas_udf("array<float>")
    def predict(xs: pd.Series) -> pd.Series:
        import keras
        # one loaded model per Python worker process (workers are reused), not per task: the UDF's own globals are a
        # fresh copy in every task, so the cache hangs off the sys module
        cache = sys.__dict__.setdefault("_jkeras_bench_models", {})
        m = cache.get(path)
        if m is None:
            m = cache[path] = keras.saving.load_model(path)
        y = m.predict_on_batch(np.stack(xs.to_numpy()).astype(np.float32))
        return pd.Series(list(np.asarray(y, dtype=np.float32)))
    return predict


def timed(action):
    t = time.perf_counter()
    action()
    return time.perf_counter() - t


def bench(master, models, tmp):
    spark = (SparkSession.builder.master(master).config("spark.jars", JAR).config("spark.ui.enabled", "false")
             .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(BATCH)).getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    rows = []
    for name, model, parquet, n, out in models:
        df = spark.read.parquet(parquet).repartition(int(master[6:-1])).cache()
        df.count()
        jk = KerasModelTransformer(modelPath=model, batchSize=BATCH, outputCols={out: "y"}).transform(df)
        py = df.withColumn("y", keras_udf(model, out)("x"))
        a = np.array([r.y for r in jk.orderBy("id").limit(64).collect()])
        b = np.array([r.y for r in py.orderBy("id").limit(64).collect()])
        err = float(np.max(np.abs(a - b)))
        for engine, frame in (("jkeras", jk), ("pandas UDF + Keras", py)):
            frame.write.format("noop").mode("overwrite").save()  # warm-up: JIT, model loads, Python workers
            secs = [timed(lambda: frame.write.format("noop").mode("overwrite").save()) for _ in range(RUNS)]
            rps = sorted(n / s for s in secs)
            rows.append({"model": name, "master": master, "engine": engine, "rows": n, "median": statistics.median(rps),
                         "min": rps[0], "max": rps[-1], "max_abs_diff_vs_other_engine": err})
            print(json.dumps(rows[-1]), flush=True)
        df.unpersist()
    spark.stop()
    return rows


def main():
    from pyspark import __version__ as spark_version
    import jax
    import keras
    with tempfile.TemporaryDirectory() as tmp:
        cnn = os.path.join(tmp, "cnn.keras")
        cnn_model(cnn)
        rng = np.random.default_rng(0)
        models = []
        for name, model, width, n, out in (("mlp (fixture, 7->3)", os.path.join(ROOT, "testdata/fixtures/mlp/keras3/model.keras"), 7, 100_000, "dense_3"),
                                           ("cnn (32x32x3, 3 conv, 43k params)", cnn, 3072, 4_000, "probs")):
            x = rng.standard_normal((n, width), dtype=np.float32)
            parquet = os.path.join(tmp, name.split()[0] + ".parquet")
            pq.write_table(pa.table({"id": np.arange(n), "x": pa.array(list(x), type=pa.list_(pa.float32()))}), parquet)
            models.append((name, model, parquet, n, out))
        rows = []
        for master in ("local[1]", "local[2]"):
            rows += bench(master, models, tmp)
    print()
    print("Spark %s, Keras %s on JAX %s, batch %d rows, rows/s median of %d (min-max)" % (spark_version, keras.__version__, jax.__version__, BATCH, RUNS))
    print()
    print("| model | master | jkeras rows/s | pandas UDF + Keras rows/s | jkeras / UDF | max abs diff |")
    print("|---|---|---|---|---|---|")
    for i in range(0, len(rows), 2):
        j, p = rows[i], rows[i + 1]
        print("| %s | %s | %.0f (%.0f-%.0f) | %.0f (%.0f-%.0f) | %.2f | %.1e |" % (j["model"], j["master"], j["median"], j["min"], j["max"],
                                                                          p["median"], p["min"], p["max"], j["median"] / p["median"],
                                                                          j["max_abs_diff_vs_other_engine"]))


if __name__ == "__main__":
    main()
