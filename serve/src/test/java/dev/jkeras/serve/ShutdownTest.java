package dev.jkeras.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jkeras.graph.Model;
import dev.jkeras.tensor.Tensor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Graceful shutdown (requests under way finish, then the port closes) and back-pressure (a full queue gets 503). */
class ShutdownTest {
    static final String BODY = "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,7],\"datatype\":\"FP32\",\"data\":[1,2,3,4,5,6,7]}]}";

    static ModelServer start(Model m, BatchOptions batching) throws IOException {
        Metrics metrics = new Metrics();
        ServedModel s = new ServedModel("mlp", m, new Batcher("mlp", m, batching, metrics));
        return new ModelServer(List.of(s), metrics, ModelServer.Options.loopback()).start();
    }

    /** Waits until the batcher holds a request (it arrived and waits for company). */
    static void awaitQueued(ModelServer server) throws InterruptedException {
        Batcher b = (Batcher) server.models().get("mlp").inference();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (b.queueDepth() == 0) {
            if (System.nanoTime() > end) throw new AssertionError("the request never reached the batcher");
            Thread.sleep(2);
        }
    }

    static CompletableFuture<HttpResponse<String>> postAsync(URI base) {
        return Fixtures.HTTP.sendAsync(HttpRequest.newBuilder(base.resolve("/v2/models/mlp/infer"))
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void closeFinishesRequestsUnderWayThenRefusesConnections() throws Exception {
        Model m = Fixtures.model("mlp");
        // each request waits 1 s in the batcher for company: it is still under way when close() begins
        ModelServer server = start(m, new BatchOptions(64, 1_000_000, 64));
        URI base = server.uri();
        CompletableFuture<HttpResponse<String>> pending = postAsync(base);
        awaitQueued(server);
        long t0 = System.nanoTime();
        server.close();
        HttpResponse<String> r = pending.get(30, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode data = Fixtures.JSON.readTree(r.body()).get("outputs").get(0).get("data");
        Tensor want = m.predict(Tensor.of(new float[][] {{1, 2, 3, 4, 5, 6, 7}}));
        for (int k = 0; k < want.size(); k++) assertEquals(want.data()[k], Fixtures.value(data.get(k)));
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(20), "close() waited for the request, not for the timeout");
        assertThrows(IOException.class, () -> Fixtures.HTTP.send(HttpRequest.newBuilder(base.resolve("/v2/health/live")).build(),
                HttpResponse.BodyHandlers.ofString()));
        server.close(); // idempotent
    }

    @Test
    void aFullQueueGets503() throws Exception {
        ModelServer server = start(Fixtures.model("mlp"), new BatchOptions(64, 1_000_000, 1));
        try {
            URI base = server.uri();
            CompletableFuture<HttpResponse<String>> first = postAsync(base);
            awaitQueued(server);
            Fixtures.Reply second = Fixtures.post(base, "/v2/models/mlp/infer", BODY);
            assertEquals(503, second.status(), second.body());
            assertTrue(second.json().get("error").asText().contains("overloaded"), second.body());
            assertEquals(200, first.get(30, TimeUnit.SECONDS).statusCode());
        } finally {
            server.close();
        }
    }

    @Test
    void directInferenceServesWithoutBatchingAndRefusesAfterClose() throws Exception {
        Model m = Fixtures.model("mlp");
        DirectInference direct = new DirectInference(m);
        ModelServer server = new ModelServer(List.of(new ServedModel("mlp", m, direct)), new Metrics(), ModelServer.Options.loopback()).start();
        try {
            Fixtures.Reply r = Fixtures.post(server.uri(), "/v2/models/mlp/infer", BODY);
            assertEquals(200, r.status(), r.body());
            Tensor want = m.predict(Tensor.of(new float[][] {{1, 2, 3, 4, 5, 6, 7}}));
            JsonNode data = r.json().get("outputs").get(0).get("data");
            for (int k = 0; k < want.size(); k++) assertEquals(want.data()[k], Fixtures.value(data.get(k)));
            assertEquals(400, Fixtures.post(server.uri(), "/v2/models/mlp/infer", BODY.replace("[1,7]", "[7,1]")).status());
        } finally {
            server.close();
        }
        assertThrows(HttpError.class, () -> direct.submit(List.of(Tensor.of(new float[][] {{1, 2, 3, 4, 5, 6, 7}}))));
    }
}
