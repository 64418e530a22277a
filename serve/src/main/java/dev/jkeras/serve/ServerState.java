package dev.jkeras.serve;

/** What the health endpoints report: ready until the server begins to shut down. */
@FunctionalInterface
interface ServerState {
    boolean ready();
}
