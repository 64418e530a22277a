// predict's progress bar on stderr: samples done/total, rate and ETA, redrawn in place at most ~10 times a second;
// only when stderr is a terminal, so piped or redirected output never carries it.
package dev.jkeras.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/** A one-line progress bar redrawn with carriage returns; a no-op when disabled. */
final class Progress {
    private static final int BAR = 24;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final long total;
    private final LongSupplier clock;
    private final long start;
    private long lastDraw = Long.MIN_VALUE;
    private int lastWidth;

    Progress(PrintWriter err, long total, LongSupplier clock) {
        this.err = err;
        this.total = total;
        this.clock = clock;
        this.start = clock.getAsLong();
    }

    /** A bar on {@code err} if {@code wanted} and stderr is a terminal; otherwise one that prints nothing. */
    static Progress start(PrintWriter err, long total, boolean wanted) {
        return wanted && stderrIsTerminal() ? new Progress(err, total, System::nanoTime) : new Progress(null, total, System::nanoTime);
    }

    /**
     * Whether stderr is a terminal. Java 17 only tells whether stdin and stdout are ({@code System.console()}); where
     * Linux's /proc names stderr's target, a file or pipe there means quiet too.
     */
    static boolean stderrIsTerminal() {
        if (System.console() == null) return false;
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (Exception e) {
            return true; // no /proc: trust System.console()
        }
    }

    /** Reports {@code done} samples finished; redraws when enough time passed since the last draw. */
    void update(long done) {
        if (err == null) return;
        long now = clock.getAsLong();
        if (done < total && lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS) return;
        lastDraw = now;
        String line = line(done, now - start);
        StringBuilder sb = new StringBuilder("\r").append(line);
        for (int i = line.length(); i < lastWidth; i++) sb.append(' ');
        lastWidth = line.length();
        err.print(sb);
        err.flush();
    }

    /** Ends the bar's line (after the last update), so later messages start on a fresh line. */
    void finish() {
        if (err == null || lastDraw == Long.MIN_VALUE) return;
        err.println();
        err.flush();
    }

    /** {@code   1200/20000 [=====>                  ]   6%  812 samples/s  ETA 0:21}. */
    String line(long done, long elapsedNanos) {
        double frac = total == 0 ? 1 : (double) done / total;
        int filled = (int) Math.floor(frac * BAR);
        StringBuilder bar = new StringBuilder();
        for (int i = 0; i < BAR; i++) bar.append(i < filled ? '=' : i == filled ? '>' : ' ');
        double secs = elapsedNanos / 1e9;
        double rate = secs > 0 ? done / secs : 0;
        String eta = done >= total ? "done in " + clock((long) Math.ceil(secs))
                : rate > 0 ? "ETA " + clock((long) Math.ceil((total - done) / rate)) : "ETA -";
        int w = Long.toString(total).length();
        return String.format(Locale.ROOT, "%" + w + "d/%d [%s] %3d%%  %s samples/s  %s", done, total, bar, (int) Math.floor(frac * 100),
                rate >= 100 ? String.format(Locale.ROOT, "%.0f", rate) : String.format(Locale.ROOT, "%.1f", rate), eta);
    }

    private static String clock(long s) {
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
