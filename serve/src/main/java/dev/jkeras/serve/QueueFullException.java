package dev.jkeras.serve;

import java.util.concurrent.RejectedExecutionException;

/**
 * A {@link Batcher} refused a request because {@link BatchOptions#maxQueue} requests already wait: the server is
 * overloaded, not the request wrong (HTTP 503). A closed batcher refuses with a plain
 * {@link RejectedExecutionException}, so catching that type covers both.
 */
public class QueueFullException extends RejectedExecutionException {
    private static final long serialVersionUID = 1L;

    public QueueFullException(String message) {
        super(message);
    }
}
