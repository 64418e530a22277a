package dev.jkeras.serve;

import dev.jkeras.tensor.Tensor;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * How the server runs one request on one model: the seam between the HTTP protocols and the dynamic batcher.
 * Inputs come in the model's input order, each with its own batch dimension; the future completes with the outputs
 * in output order and the same batch size, or exceptionally with the model's {@code InputException}.
 */
public interface Inference extends AutoCloseable {
    /** Queues or runs one request; may throw at once when the request cannot be accepted (queue full, closed). */
    CompletableFuture<List<Tensor>> submit(List<Tensor> inputs);

    /** Stops accepting requests and finishes the ones already accepted. */
    @Override
    void close();
}
