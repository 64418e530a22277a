// The command line's SLF4J binding: jkeras's own warnings and errors (loggers under dev.jkeras, e.g. keras-import's
// KerasHub version check) become "jkeras: warning: ..." lines on stderr; every other logger (jhdf's) is silent.
package dev.jkeras.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider bundled in {@code jkeras.jar} (found through {@code META-INF/services}). The library jars bind
 * nothing; an application that embeds them picks its own SLF4J binding.
 */
public final class CliLogging implements SLF4JServiceProvider {
    private static final PrintStream ERR = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);

    private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
    private final ILoggerFactory factory = name -> loggers.computeIfAbsent(name, StderrLogger::new);
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    /** Called by SLF4J's service loader. */
    public CliLogging() {}

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {}

    private static final class StderrLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        private final boolean shown;

        StderrLogger(String name) {
            this.name = name;
            this.shown = name.startsWith("dev.jkeras.");
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public boolean isInfoEnabled() {
            return false;
        }

        @Override
        public boolean isWarnEnabled() {
            return shown;
        }

        @Override
        public boolean isErrorEnabled() {
            return shown;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args, Throwable t) {
            if (!shown || level.toInt() < Level.WARN.toInt()) return;
            String message = MessageFormatter.basicArrayFormat(pattern, args);
            ERR.println("jkeras: " + (level == Level.ERROR ? "error: " : "warning: ") + message.strip().replaceAll("\\s*\\R\\s*", "; "));
        }
    }
}
