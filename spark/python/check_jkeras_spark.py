"""Hand check of the PySpark wrapper (not run in CI): scores fixtures through jkeras-spark.jar from Python and compares
them with Keras's outputs, then saves and reloads the stage and a Pipeline. Run from the repository root after
`mvn -B -o package -pl spark -am`, with a pyspark of the Spark version spark/pom.xml builds against:

    /work/venv-spark/bin/python spark/python/check_jkeras_spark.py
"""
import os
import sys
import tempfile

import numpy as np
from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.linalg import Vectors
from pyspark.sql import SparkSession

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from jkeras_spark import KerasModelTransformer  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIX = os.path.join(ROOT, "testdata", "fixtures")


def close(got, want):
    got, want = np.asarray(got, dtype=np.float32), np.asarray(want, dtype=np.float32)
    assert got.shape == want.shape, (got.shape, want.shape)
    err = np.abs(got - want)
    assert np.all(err <= 1e-5 + 1e-4 * np.abs(want)), err.max()
    return float(err.max())


spark = (SparkSession.builder.master("local[2]").config("spark.jars", os.path.join(ROOT, "spark/target/jkeras-spark.jar"))
         .config("spark.ui.enabled", "false").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")

x = np.load(os.path.join(FIX, "mlp/keras3/inputs.npz"))["x"]
want = np.load(os.path.join(FIX, "mlp/keras3/outputs.npz"))["dense_3"]
df = spark.createDataFrame([(i, x[i].tolist(), Vectors.dense(x[i].tolist())) for i in range(len(x))], ["id", "x", "features"])

keras = KerasModelTransformer(modelPath=os.path.join(FIX, "mlp/keras3/model.keras"), batchSize=1)
got = [r.dense_3 for r in keras.transform(df).orderBy("id").collect()]
print("array<double> column: max |err| vs Keras", close(got, want))

with open(os.path.join(FIX, "mlp/keras3/model.h5"), "rb") as f:
    vec = KerasModelTransformer(inputCols={"x": "features"}, outputCols={"dense_3": "scores"}).setModelBytes(f.read())
got = [r.scores for r in vec.transform(df).orderBy("id").collect()]
print("Vector column, model bytes: max |err| vs Keras", close(got, want))

a = np.load(os.path.join(FIX, "functional_multi/keras3/inputs.npz"))
outs = np.load(os.path.join(FIX, "functional_multi/keras3/outputs.npz"))
multi = spark.createDataFrame([(i, a["a"][i].tolist(), a["b"][i].tolist()) for i in range(2)], ["id", "a", "b"])
scored = KerasModelTransformer(modelPath=os.path.join(FIX, "functional_multi/keras3/model.keras")).transform(multi).orderBy("id").collect()
for name in ("out_main", "out_aux", "add"):
    print("functional_multi", name, "max |err| vs Keras", close([r[name] for r in scored], outs[name]))

with tempfile.TemporaryDirectory() as tmp:
    keras.write().overwrite().save(os.path.join(tmp, "stage"))
    back = KerasModelTransformer.load(os.path.join(tmp, "stage"))
    assert back.getOrDefault("batchSize") == 1, back.getOrDefault("batchSize")
    got = [r.dense_3 for r in back.transform(df).orderBy("id").collect()]
    print("stage save/load: max |err| vs Keras", close(got, want))
    Pipeline(stages=[vec]).fit(df).write().overwrite().save(os.path.join(tmp, "pipeline"))
    loaded = PipelineModel.load(os.path.join(tmp, "pipeline"))
    assert isinstance(loaded.stages[0], KerasModelTransformer), type(loaded.stages[0])
    assert loaded.stages[0].getOrDefault("outputCols") == {"dense_3": "scores"}, loaded.stages[0].getOrDefault("outputCols")
    got = [r.scores for r in loaded.transform(df).orderBy("id").collect()]
    print("pipeline save/load (model bytes inside): max |err| vs Keras", close(got, want))

bad = spark.createDataFrame([(0, x[0].tolist()[:6])], ["id", "x"])
try:
    keras.transform(bad).collect()
    raise AssertionError("a 6-value row should fail")
except Exception as e:  # Py4JJavaError / SparkException
    assert "expected 7 values, found 6" in str(e), str(e)[:500]
    print("bad row (error mode): fails naming it")
assert keras.setOnError("null").transform(bad).collect()[0].dense_3 is None
print("bad row (null mode): null output")
spark.stop()
print("PySpark check OK")
