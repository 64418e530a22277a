package dev.jkeras.serve;

import dev.jkeras.cli.ModelArgs;
import dev.jkeras.cli.Subcommand;
import dev.jkeras.cli.UsageException;
import dev.jkeras.graph.Model;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jkeras serve}: serves models over HTTP until SIGTERM or Ctrl-C, then shuts down gracefully. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve models over HTTP: the Open Inference Protocol v2 (KServe, Triton) under /v2, TensorFlow Serving's REST API "
                + "under /v1/models, Prometheus metrics at /metrics.",
                "Concurrent requests for a model are merged into batches (results are the same as run alone). Prints "
                        + "'jkeras: serving NAME at http://HOST:PORT' per model once listening; SIGTERM or Ctrl-C stops taking requests, "
                        + "finishes those under way, and exits."},
        footer = {"", "Examples:",
                "  jkeras serve model.keras --port 8080",
                "  jkeras serve a.keras b.h5 --name a --name b --host 0.0.0.0",
                "  curl -s localhost:8080/v2/models/model          (inputs and outputs; POST .../infer to run it)",
                "  curl -s localhost:8080/v1/models/model:predict -d '{\"instances\": [[1, 2, 3, 4]]}'"})
public final class ServeCommand implements Callable<Integer>, Subcommand {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelArgs modelArgs;

    @Parameters(index = "1..*", paramLabel = "MODEL", description = "More models to serve.")
    List<Path> moreModels = new ArrayList<>();

    @Option(names = "--name", paramLabel = "NAME",
            description = "The name of each model in URLs, one per MODEL in order (default: the file name without its extension).")
    List<String> names = new ArrayList<>();

    @Option(names = "--host", paramLabel = "HOST",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every interface, as in a container).")
    String host = "127.0.0.1";

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port = 8080;

    @Option(names = "--max-batch-size", paramLabel = "N",
            description = "Most samples merged into one model call; 1 turns batching off (default: ${DEFAULT-VALUE}).")
    int maxBatchSize = BatchOptions.DEFAULTS.maxBatchSize();

    @Option(names = "--batch-delay-ms", paramLabel = "MS",
            description = "Longest a request waits for others to join its batch, in milliseconds (default: ${DEFAULT-VALUE}).")
    double batchDelayMs = BatchOptions.DEFAULTS.maxDelayMicros() / 1000.0;

    @Option(names = "--max-queue", paramLabel = "N",
            description = "Most requests waiting per model; beyond it requests get 503 (default: ${DEFAULT-VALUE}).")
    int maxQueue = BatchOptions.DEFAULTS.maxQueue();

    @Option(names = "--workers", paramLabel = "N", description = "Model calls run at once per model (default: ${DEFAULT-VALUE}).")
    int workers = BatchOptions.DEFAULTS.workers();

    @Option(names = {"-t", "--threads"}, paramLabel = "T",
            description = "Most threads one model call uses (default: every processor, or the jkeras.threads system property).")
    Integer threads;

    @Option(names = "--max-request-bytes", paramLabel = "N", description = "Largest request body; larger ones get 413 (default: ${DEFAULT-VALUE}).")
    long maxRequestBytes = ModelServer.DEFAULT_MAX_REQUEST_BYTES;

    @Option(names = "--shutdown-timeout-ms", paramLabel = "MS",
            description = "On SIGTERM, how long to wait for requests under way (default: ${DEFAULT-VALUE}).")
    long shutdownMillis = 30_000;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    /** For picocli and the service loader. */
    public ServeCommand() {}

    @Override
    public Integer call() throws Exception {
        List<Path> files = new ArrayList<>();
        files.add(modelArgs.model());
        files.addAll(moreModels);
        if (!names.isEmpty() && names.size() != files.size()) {
            throw new UsageException("give one --name per model: " + files.size() + " model(s), " + names.size() + " name(s)");
        }
        if (modelArgs.weights() != null && files.size() > 1) {
            throw new UsageException("--weights goes with a single model; serve several models from files that hold their weights (.keras, .h5)");
        }
        BatchOptions batching;
        ModelServer.Options serverOptions;
        try {
            batching = new BatchOptions(maxBatchSize, Math.round(batchDelayMs * 1000), maxQueue, workers);
            serverOptions = new ModelServer.Options(host, port, maxRequestBytes, shutdownMillis);
            if (threads != null && threads < 1) throw new IllegalArgumentException("--threads must be at least 1, found " + threads);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Set<String> seen = new HashSet<>();
        List<String> modelNames = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String name = names.isEmpty() ? defaultName(files.get(i)) : names.get(i);
            if (!seen.add(name)) throw new UsageException("two models are named '" + name + "': name them with --name");
            if (!name.matches("[A-Za-z0-9_.\\-]+") || name.equals(".") || name.equals("..")) {
                throw new UsageException("model name '" + name + "' must be letters, digits, '_', '-' and '.' (it goes in URLs): name it with --name");
            }
            modelNames.add(name);
        }

        Metrics metrics = new Metrics();
        List<ServedModel> served = new ArrayList<>();
        ModelServer server;
        try {
            for (int i = 0; i < files.size(); i++) {
                Model m = modelArgs.load(files.get(i), i == 0 ? modelArgs.weights() : null);
                if (threads != null) m = m.withThreads(threads);
                served.add(new ServedModel(modelNames.get(i), m, new Batcher(modelNames.get(i), m, batching, metrics)));
            }
            server = new ModelServer(served, metrics, serverOptions);
            server.start();
        } catch (IOException e) {
            served.forEach(s -> s.inference().close());
            throw new UsageException("cannot listen on " + host + ":" + port + ": " + e.getMessage());
        } catch (RuntimeException e) {
            served.forEach(s -> s.inference().close());
            throw e;
        }
        PrintWriter out = spec.commandLine().getOut();
        for (ServedModel m : served) out.println("jkeras: serving " + m.name() + " at " + server.uri());
        out.flush();
        ModelServer s = server;
        Thread hook = new Thread(() -> {
            s.close();
            out.println("jkeras: stopped");
            out.flush();
        }, "jkeras-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        server.join();
        return 0;
    }

    /** The file name without its extension ({@code model.keras} → {@code model}; an unzipped directory keeps its name). */
    static String defaultName(Path file) {
        Path f = file.toAbsolutePath().normalize().getFileName();
        String n = f == null ? "model" : f.toString();
        String lower = n.toLowerCase(Locale.ROOT);
        for (String ext : new String[] {".weights.h5", ".keras", ".h5", ".hdf5", ".json"}) {
            if (lower.endsWith(ext) && n.length() > ext.length()) return n.substring(0, n.length() - ext.length());
        }
        return n;
    }
}
