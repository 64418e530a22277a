package dev.jkeras.cli;

import dev.jkeras.layer.LayerRegistry;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jkeras layers}: every Keras class name jkeras can build, straight from the registry. */
@Command(name = "layers", mixinStandardHelpOptions = true,
        description = "List every supported Keras layer class name (aliases included), one per line.")
final class LayersCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        for (String name : LayerRegistry.defaults().classNames()) out.println(name);
        out.flush();
    }
}
