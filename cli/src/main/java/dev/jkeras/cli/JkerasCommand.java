package dev.jkeras.cli;

import java.util.List;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** The top-level {@code jkeras} command: only dispatches to its subcommands. */
@Command(name = "jkeras",
        mixinStandardHelpOptions = true,
        versionProvider = JkerasCommand.Version.class,
        description = "Runs saved Keras models (.keras, .h5, JSON config + weights) in pure Java.",
        subcommands = {PredictCommand.class, SummaryCommand.class, InspectCommand.class, VerifyCommand.class, BenchCommand.class,
                LayersCommand.class, JkerasCommand.ServePlaceholder.class, AutoComplete.GenerateCompletion.class},
        footer = {"", "Exit codes: 0 ok, 1 internal error, 2 usage or input error,",
                "  3 model error (unreadable or unsupported; inspect: the model cannot run),",
                "  4 verify found outputs out of tolerance."})
final class JkerasCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: predict, summary, inspect, verify, bench or layers");
    }

    /** {@code serve} in the lean jkeras.jar: the server lives in jkeras-server.jar, which replaces this command. */
    @Command(name = "serve", description = "Serves models over HTTP (KServe/Triton v2 and TensorFlow Serving REST): only in jkeras-server.jar.")
    static final class ServePlaceholder implements Runnable {
        @Unmatched
        List<String> args;

        @Override
        public void run() {
            throw new UsageException("serve is not in this jkeras.jar (the lean build): run java -jar jkeras-server.jar serve MODEL "
                    + "(built at serve/target/jkeras-server.jar by mvn package)");
        }
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = JkerasCommand.class.getPackage().getImplementationVersion();
            return new String[] {"jkeras " + (v == null ? "(development build)" : v)};
        }
    }
}
