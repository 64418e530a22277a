"""PySpark wrapper of jkeras's Spark ML transformer, dev.jkeras.spark.KerasModelTransformer.

Needs spark/target/jkeras-spark.jar on the JVM's class path (pyspark/spark-submit --jars, or the spark.jars config):

    from jkeras_spark import KerasModelTransformer
    keras = KerasModelTransformer(modelPath="hdfs:///models/model.keras", inputCols={"x": "features"})
    scored = keras.transform(df)

Params mirror the Java class (see its Javadoc): modelPath, inputCols / outputCols (dicts: model input or output name ->
column), batchSize, onError ("error" or "null"), threads. setModelBytes(bytes) scores a model held in memory.
"""

import sys
import types
from collections.abc import Mapping

from pyspark import keyword_only
from pyspark.ml.param import Param, Params, TypeConverters
from pyspark.ml.util import JavaMLReadable, JavaMLReader, JavaMLWritable
from pyspark.ml.wrapper import JavaTransformer

JAVA_CLASS = "dev.jkeras.spark.KerasModelTransformer"


def _to_name_map(value):
    if not isinstance(value, Mapping) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise TypeError("expected a dict of str -> str, got %r" % (value,))
    return dict(value)


class _Reader(JavaMLReader):
    @classmethod
    def _java_loader_class(cls, clazz):
        return JAVA_CLASS


class KerasModelTransformer(JavaTransformer, JavaMLReadable, JavaMLWritable):
    """Scores a saved Keras model (.keras or .h5) on a DataFrame with jkeras; one new column per model output."""

    modelPath = Param(Params._dummy(), "modelPath",
                      "the saved Keras model (.keras or .h5) on any Hadoop-compatible file system",
                      typeConverter=TypeConverters.toString)
    inputCols = Param(Params._dummy(), "inputCols",
                      "model input name -> column; unmapped inputs read the column of the same name",
                      typeConverter=_to_name_map)
    outputCols = Param(Params._dummy(), "outputCols",
                       "model output name -> new column; unmapped outputs get a column of the same name",
                       typeConverter=_to_name_map)
    batchSize = Param(Params._dummy(), "batchSize", "rows per Model.predict call within a partition (> 0)",
                      typeConverter=TypeConverters.toInt)
    onError = Param(Params._dummy(), "onError",
                    'a row that does not fit the model: "error" fails the job naming the row, "null" gives it null outputs',
                    typeConverter=TypeConverters.toString)
    threads = Param(Params._dummy(), "threads", "threads one predict call uses (>= 0; 0: all cores)",
                    typeConverter=TypeConverters.toInt)

    @keyword_only
    def __init__(self, *, modelPath=None, inputCols=None, outputCols=None, batchSize=None, onError=None, threads=None):
        super().__init__()
        self._java_obj = self._new_java_obj(JAVA_CLASS, self.uid)
        self._setDefault(inputCols={}, outputCols={}, batchSize=64, onError="error", threads=1)
        self.setParams(**self._input_kwargs)

    @keyword_only
    def setParams(self, *, modelPath=None, inputCols=None, outputCols=None, batchSize=None, onError=None, threads=None):
        """Sets the given params (None leaves a param as it is)."""
        return self._set(**{k: v for k, v in self._input_kwargs.items() if v is not None})

    def setModelPath(self, value):
        return self._set(modelPath=value)

    def setInputCols(self, value):
        return self._set(inputCols=value)

    def setOutputCols(self, value):
        return self._set(outputCols=value)

    def setBatchSize(self, value):
        return self._set(batchSize=value)

    def setOnError(self, value):
        return self._set(onError=value)

    def setThreads(self, value):
        return self._set(threads=value)

    def setModelBytes(self, data):
        """Scores the model file held in ``data`` (bytes) instead of modelPath's."""
        self._java_obj.setModelBytes(bytearray(data))
        return self

    @classmethod
    def read(cls):
        return _Reader(cls)

    @classmethod
    def _from_java(cls, java_stage):
        py_stage = cls()
        py_stage._java_obj = java_stage
        py_stage._resetUid(java_stage.uid())
        py_stage._transfer_params_from_java()
        return py_stage


# PySpark loads a saved PipelineModel's stages by importing a Python module named as the Java class's package
# (JavaParams._from_java); register this module under that name so saved pipelines holding this stage load in Python.
if "dev.jkeras.spark" not in sys.modules and "dev" not in sys.modules:
    for _name in ("dev", "dev.jkeras", "dev.jkeras.spark"):
        sys.modules[_name] = types.ModuleType(_name)
    sys.modules["dev"].jkeras = sys.modules["dev.jkeras"]
    sys.modules["dev.jkeras"].spark = sys.modules["dev.jkeras.spark"]
    sys.modules["dev.jkeras.spark"].KerasModelTransformer = KerasModelTransformer
