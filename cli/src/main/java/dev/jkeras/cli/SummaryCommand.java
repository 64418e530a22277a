package dev.jkeras.cli;

import dev.jkeras.graph.Model;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jkeras summary}: a table like Keras's {@code model.summary()}. */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Print the model's layers, output shapes and parameter counts, like Keras's model.summary().")
final class SummaryCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelArgs modelArgs;

    @Mixin
    VerboseOption verbose;

    @Override
    public void run() {
        Model model = modelArgs.load();
        PrintWriter out = spec.commandLine().getOut();
        out.print(SummaryTable.render(model));
        out.flush();
    }
}
