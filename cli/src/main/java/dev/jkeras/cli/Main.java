package dev.jkeras.cli;

import dev.jkeras.error.InputException;
import dev.jkeras.error.KerasException;
import dev.jkeras.kernel.Warmup;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Entry point of {@code java -jar jkeras.jar}. Maps failures to exit codes and prints one line per
 * error ({@code jkeras: <message>}); the stack trace only with {@code --verbose}.
 */
public final class Main {
    /** Success. */
    public static final int OK = 0;
    /** An unexpected internal error (a bug in jkeras). */
    public static final int INTERNAL = 1;
    /** Usage or input error: bad flags, missing files, inputs that do not fit the model. */
    public static final int USAGE = 2;
    /** The model cannot be read or uses something jkeras does not support. */
    public static final int MODEL = 3;

    private Main() {}

    public static void main(String[] args) {
        if (Relaunch.wanted()) {
            int code = Relaunch.run(args);
            if (code >= 0) System.exit(code);
        }
        Warmup.start();
        // UTF-8 regardless of the platform default: JSON output must be UTF-8, and summaries draw boxes
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
        int code;
        try {
            code = run(out, err, args);
        } catch (OutOfMemoryError e) {
            err.println("jkeras: out of memory; give Java more with java -Xmx8g -jar jkeras.jar ...");
            code = INTERNAL;
        }
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs one command line with the given streams and returns its exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new JkerasCommand());
        for (Subcommand extra : ServiceLoader.load(Subcommand.class, Main.class.getClassLoader())) {
            String name = new CommandLine(extra).getCommandName();
            cl.getCommandSpec().removeSubcommand(name); // replaces a placeholder such as JkerasCommand.ServePlaceholder
            cl.addSubcommand(name, extra);
        }
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            err.println("jkeras: " + oneLine(ex.getMessage()) + " (see '" + c.getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            boolean verbose = verbose(parseResult);
            int code;
            String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
            if (ex instanceof UsageException || ex instanceof InputException) {
                code = USAGE;
            } else if (ex instanceof KerasException) {
                code = MODEL;
            } else {
                code = INTERNAL;
                message = "internal error: " + ex + (verbose ? "" : " (run with --verbose for the stack trace, and please report it)");
            }
            err.println("jkeras: " + oneLine(message));
            if (verbose) ex.printStackTrace(err);
            err.flush();
            return code;
        });
        int code = cl.execute(args);
        out.flush();
        return code;
    }

    private static boolean verbose(ParseResult pr) {
        for (ParseResult p = pr; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) return true;
        }
        return false;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
