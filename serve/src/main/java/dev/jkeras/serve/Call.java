package dev.jkeras.serve;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One HTTP request as the protocols see it: method, decoded path segments and body, plus the labels its metrics go
 * under (set by the route that takes it).
 */
final class Call {
    final String method;
    final List<String> segments;
    final byte[] body;
    /** The length of the JSON header before binary tensor data (Inference-Header-Content-Length), or -1. */
    final int jsonLength;
    final long started = System.nanoTime();
    String protocol = "other";
    String model = "";

    Call(String method, List<String> segments, byte[] body, int jsonLength) {
        this.method = method;
        this.segments = segments;
        this.body = body;
        this.jsonLength = jsonLength;
    }

    /** The length of the JSON part of the body. */
    int jsonEnd() {
        return jsonLength >= 0 ? jsonLength : body.length;
    }

    /**
     * The reply: a status, a content type and the bytes; {@code jsonLength} ≥ 0 when the body is a JSON header of that
     * length followed by binary tensor data.
     */
    record Reply(int status, String contentType, byte[] body, int jsonLength) {
        static final String JSON = "application/json";

        Reply(int status, String contentType, byte[] body) {
            this(status, contentType, body, -1);
        }

        static Reply json(int status, byte[] body) {
            return new Reply(status, JSON, body);
        }

        static Reply ok(Json.Body body) {
            return json(200, Json.bytes(body));
        }

        static CompletableFuture<Reply> now(Reply r) {
            return CompletableFuture.completedFuture(r);
        }
    }

    /** Fails with 405 unless the method is {@code want}. */
    void require(String want) {
        if (!method.equals(want)) throw new HttpError(405, "use " + want + " for /" + String.join("/", segments));
    }
}
