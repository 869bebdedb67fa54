package io.sagitta.bench.load;

/** One workload: runs its operations in the session, recording them in the session's statistics. */
public interface Workload {

    /** Runs to the end (blocking the calling thread, which is never an event loop). */
    void run(LoadSession session);
}
