package dev.jkeras.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.jkeras.error.InputException;
import dev.jkeras.error.KerasException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An HTTP server for Keras models (Jetty 12): the Open Inference Protocol v2 under {@code /v2}, TensorFlow Serving's
 * REST API under {@code /v1/models}, Prometheus metrics at {@code /metrics}. Errors are {@code {"error": "..."}} with
 * 400 (bad request, inputs that do not fit the model), 404 (unknown model or endpoint), 405, 413 (body too large) or
 * 503 (queue full, shutting down). {@link #close()} shuts down gracefully: it stops accepting connections, finishes
 * the requests under way, then closes each model's {@link Inference}.
 */
public final class ModelServer implements AutoCloseable {
    /** The binary tensor extension's header: the length of the JSON before the binary data. */
    static final String INFERENCE_HEADER = "Inference-Header-Content-Length";

    /** 64 MiB. */
    public static final long DEFAULT_MAX_REQUEST_BYTES = 64L << 20;

    /**
     * Where and how the server listens.
     *
     * @param host the address to bind ({@code 127.0.0.1}: this machine only; {@code 0.0.0.0}: every interface)
     * @param port the port (0: any free port, see {@link #port()})
     * @param maxRequestBytes the largest request body accepted; larger ones get 413
     * @param shutdownMillis how long {@link #close()} waits for requests under way
     */
    public record Options(String host, int port, long maxRequestBytes, long shutdownMillis) {
        /** Checks the ranges. */
        public Options {
            Objects.requireNonNull(host, "host");
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be in 0..65535, found " + port);
            if (maxRequestBytes < 1 || maxRequestBytes > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("maxRequestBytes must be in 1.." + (Integer.MAX_VALUE - 8) + ", found " + maxRequestBytes);
            }
            if (shutdownMillis < 0) throw new IllegalArgumentException("shutdownMillis must be ≥ 0, found " + shutdownMillis);
        }

        /** Loopback, any free port, 64 MiB bodies, 30 s to finish on shutdown. */
        public static Options loopback() {
            return new Options("127.0.0.1", 0, DEFAULT_MAX_REQUEST_BYTES, 30_000);
        }
    }

    private final Map<String, ServedModel> models;
    private final Metrics metrics;
    private final Options options;
    private final V2Protocol v2;
    private final TfServingProtocol tf;
    private final Server server;
    private final ServerConnector connector;
    private volatile boolean stopping;
    private boolean closed;

    /** A server for {@code models} (names must differ); {@link #start()} binds it. */
    public ModelServer(List<ServedModel> models, Metrics metrics, Options options) {
        Map<String, ServedModel> byName = new LinkedHashMap<>();
        for (ServedModel m : models) {
            if (byName.put(m.name(), m) != null) throw new IllegalArgumentException("two models are named '" + m.name() + "'");
        }
        if (byName.isEmpty()) throw new IllegalArgumentException("no models to serve");
        this.models = Collections.unmodifiableMap(byName);
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.options = Objects.requireNonNull(options, "options");
        String version = ModelServer.class.getPackage().getImplementationVersion();
        this.v2 = new V2Protocol(this.models, version == null ? "development" : version);
        this.tf = new TfServingProtocol(this.models);

        QueuedThreadPool pool = new QueuedThreadPool(200, 8);
        pool.setName("jkeras-http");
        pool.setDaemon(true);
        server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(options.host());
        connector.setPort(options.port());
        server.addConnector(connector);
        server.setHandler(new GracefulHandler(new Router()) {
            @Override
            protected void handleShutdownRejection(Request request, Response response, Callback callback) {
                send(response, callback, Call.Reply.json(503, Json.error("the server is shutting down")));
            }
        });
        server.setErrorHandler(new JsonErrors());
        server.setStopTimeout(options.shutdownMillis());
        server.setStopAtShutdown(false);
    }

    /** Binds the port and starts answering. */
    public ModelServer start() throws IOException {
        try {
            server.start();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot start the server on " + options.host() + ":" + options.port() + ": " + e.getMessage(), e);
        }
        return this;
    }

    /** The bound port (the free port chosen when {@link Options#port()} was 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://host:port} as bound. */
    public URI uri() {
        String h = options.host();
        if (h.contains(":")) h = "[" + h + "]";
        return URI.create("http://" + h + ":" + port());
    }

    /** The models served, by name. */
    public Map<String, ServedModel> models() {
        return models;
    }

    /** The metrics this server records and serves at {@code /metrics}. */
    public Metrics metrics() {
        return metrics;
    }

    /** Blocks until the server has stopped. */
    public void join() throws InterruptedException {
        server.join();
    }

    /**
     * Graceful shutdown: stops accepting connections and requests (new ones on open connections get 503), waits up
     * to {@link Options#shutdownMillis()} for the requests under way, then closes every model's {@link Inference}
     * (which finishes what it queued). Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        stopping = true;
        try {
            server.stop();
        } catch (Exception e) {
            // a stop that failed still leaves the connector closed; the models are closed below either way
        } finally {
            for (ServedModel m : models.values()) m.inference().close();
        }
    }

    /** The server's view for readiness: ready until shutdown begins. */
    boolean ready() {
        return !stopping;
    }

    private final class Router extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            Call call = null;
            try {
                List<String> segments = segments(request.getHttpURI().getDecodedPath());
                String method = request.getMethod();
                if (segments.equals(List.of("metrics"))) {
                    if (!method.equals("GET")) throw new HttpError(405, "use GET for /metrics");
                    send(response, callback, new Call.Reply(200, Metrics.CONTENT_TYPE, metrics.scrape().getBytes(StandardCharsets.UTF_8)));
                    return true;
                }
                byte[] body = method.equals("POST") || method.equals("PUT") ? body(request) : new byte[0];
                call = new Call(method, segments, body, jsonLength(request, body.length));
                Call c = call;
                CompletableFuture<Call.Reply> reply = dispatch(c);
                reply.whenComplete((r, e) -> finish(c, response, callback, r, e));
            } catch (Throwable e) {
                if (call == null) call = new Call(request.getMethod(), List.of(), new byte[0], -1);
                finish(call, response, callback, null, e);
            }
            return true;
        }
    }

    /** Jetty's own errors (malformed HTTP, a request too large for its buffers) as {@code {"error": ...}} too. */
    private static final class JsonErrors extends ErrorHandler {
        @Override
        protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
            String m = message != null ? message : HttpStatus.getMessage(code);
            send(response, callback, Call.Reply.json(code, Json.error(m)));
        }

        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            fields.put(HttpHeader.CONTENT_TYPE, Call.Reply.JSON);
            return ByteBuffer.wrap(Json.error(reason != null ? reason : HttpStatus.getMessage(status)));
        }
    }

    private CompletableFuture<Call.Reply> dispatch(Call c) throws IOException {
        List<String> s = c.segments;
        if (!s.isEmpty() && s.get(0).equals("v2")) return v2.handle(c, this::ready);
        if (s.size() >= 2 && s.get(0).equals("v1") && s.get(1).equals("models")) return tf.handle(c);
        throw HttpError.notFound("no such endpoint: /" + String.join("/", s) + " (jkeras serves /v2/..., /v1/models/... and /metrics)");
    }

    private void finish(Call c, Response response, Callback callback, Call.Reply reply, Throwable error) {
        Call.Reply r;
        try {
            r = error == null ? reply : Call.Reply.json(status(error), Json.error(message(error)));
        } catch (Throwable t) {
            r = Call.Reply.json(500, Json.error("internal error"));
        }
        if (!c.segments.isEmpty()) metrics.request(c.model, c.protocol, r.status(), System.nanoTime() - c.started);
        send(response, callback, r);
    }

    private static void send(Response response, Callback callback, Call.Reply r) {
        response.setStatus(r.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, r.contentType());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, r.body().length);
        if (r.jsonLength() >= 0) response.getHeaders().put(INFERENCE_HEADER, Integer.toString(r.jsonLength()));
        response.write(true, ByteBuffer.wrap(r.body()), callback);
    }

    /** The body, refused with 413 beyond {@link Options#maxRequestBytes()} (by Content-Length, or as it streams in). */
    private byte[] body(Request request) throws IOException {
        long max = options.maxRequestBytes();
        long declared = request.getLength();
        try (InputStream in = Content.Source.asInputStream(request)) {
            if (declared > max) {
                drain(in);
                throw tooLarge(declared + " bytes");
            }
            byte[] bytes = in.readNBytes((int) max + 1);
            if (bytes.length > max) {
                drain(in);
                throw tooLarge("more than " + max + " bytes");
            }
            return bytes;
        }
    }

    /** Most bytes of a refused body read and dropped, so that its client, still sending, gets to read the 413. */
    private static final long DRAIN_BYTES = 16L << 20;

    /**
     * Reads and drops what is left of a refused body, up to {@link #DRAIN_BYTES}: a server that answers and closes while
     * the client is still uploading makes the client fail on a reset connection instead of reading the answer.
     */
    private static void drain(InputStream in) {
        try {
            byte[] buf = new byte[64 << 10];
            long left = DRAIN_BYTES;
            for (int n; left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0; ) left -= n;
        } catch (IOException e) {
            // the client went away: nothing left to answer
        }
    }

    /** The Inference-Header-Content-Length of a body with binary tensor data, or -1. */
    private static int jsonLength(Request request, int bodyLength) {
        String h = request.getHeaders().get(INFERENCE_HEADER);
        if (h == null) return -1;
        try {
            int n = Integer.parseInt(h.strip());
            if (n >= 0 && n <= bodyLength) return n;
        } catch (NumberFormatException e) {
            // refused below
        }
        throw HttpError.badRequest(INFERENCE_HEADER + " is '" + h + "', not a length within the body's " + bodyLength + " bytes");
    }

    private HttpError tooLarge(String size) {
        return new HttpError(413, "the request body has " + size + "; this server takes at most " + options.maxRequestBytes()
                + " bytes (jkeras serve --max-request-bytes)");
    }

    private static List<String> segments(String path) {
        if (path == null) return List.of();
        List<String> out = new ArrayList<>();
        for (String p : path.split("/")) if (!p.isEmpty()) out.add(p);
        return out;
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) e = e.getCause();
        return e;
    }

    static int status(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof HttpError h) return h.status();
        if (e instanceof InputException || e instanceof JsonProcessingException || e instanceof IllegalArgumentException) return 400;
        if (e instanceof RejectedExecutionException) return 503; // QueueFullException, or a batcher that is closing
        if (e instanceof OutOfMemoryError) return 503;
        return 500;
    }

    static String message(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof JsonProcessingException j) return "bad JSON: " + j.getOriginalMessage() + location(j);
        if (e instanceof OutOfMemoryError) return "out of memory: the server cannot hold this request now; retry with fewer samples";
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof HttpError || e instanceof KerasException || e instanceof RejectedExecutionException || e instanceof IllegalArgumentException) return m;
        return "internal error: " + e;
    }

    private static String location(JsonProcessingException j) {
        if (j.getLocation() == null) return "";
        return " (line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() + ")";
    }

    /** For messages: the names served. */
    @Override
    public String toString() {
        return "ModelServer" + Arrays.toString(models.keySet().toArray()) + " at " + uri();
    }
}
