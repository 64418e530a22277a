package dev.jkeras.serve;

import dev.jkeras.graph.Model;
import dev.jkeras.tensor.Tensor;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Runs each request by itself on the HTTP thread that received it (no batching, no queue): for embedding and comparisons. */
public final class DirectInference implements Inference {
    private final Model model;
    private volatile boolean closed;

    /** Runs requests on {@code model}. */
    public DirectInference(Model model) {
        this.model = model;
    }

    @Override
    public CompletableFuture<List<Tensor>> submit(List<Tensor> inputs) {
        if (closed) throw new HttpError(503, "the server is shutting down");
        try {
            return CompletableFuture.completedFuture(model.predict(inputs));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
