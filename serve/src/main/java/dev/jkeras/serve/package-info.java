/**
 * {@code jkeras serve}: an HTTP model server for saved Keras models. {@link dev.jkeras.serve.ModelServer} speaks the
 * Open Inference Protocol v2 REST API (KServe, Triton) and TensorFlow Serving's REST API over Jetty, hands each
 * request to an {@link dev.jkeras.serve.Inference} (the dynamic {@link dev.jkeras.serve.Batcher}, or {@link dev.jkeras.serve.DirectInference}) and serves Prometheus
 * metrics at {@code /metrics}.
 */
package dev.jkeras.serve;
