package io.sagitta.dicomweb.stow;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The parts of one STOW-RS request whose storing is completing (blob made durable, index row
 * written) while the request reads on. At most {@code max} at once, so a request cannot open
 * files and index work without bound. Used from the request's event loop only: one caller at a
 * time waits, for room or for all to be done.
 */
final class FinishingParts {

    private final int max;
    /** SOP Instance UIDs being finished: a part that repeats one waits for it (the later part wins). */
    private final Set<String> instances = new HashSet<>();
    private int running;
    private Promise<Void> waiter;
    private BooleanSupplier waitingFor;

    FinishingParts(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("at least one part must be able to finish");
        }
        this.max = max;
    }

    /** Whether {@code sopInstanceUid} is being finished now. */
    boolean contains(String sopInstanceUid) {
        return instances.contains(sopInstanceUid);
    }

    /** Counts {@code finish} (which must not fail) until it completes. */
    void add(String sopInstanceUid, Future<Void> finish) {
        running++;
        instances.add(sopInstanceUid);
        finish.onComplete(ar -> {
            running--;
            instances.remove(sopInstanceUid);
            wake();
        });
    }

    int running() {
        return running;
    }

    /** Completes once another part may start finishing. */
    Future<Void> room() {
        return when(() -> running < max);
    }

    /** Completes once no part is finishing. */
    Future<Void> drained() {
        return when(() -> running == 0);
    }

    private Future<Void> when(BooleanSupplier condition) {
        if (condition.getAsBoolean()) {
            return Future.succeededFuture();
        }
        if (waiter != null) {
            throw new IllegalStateException("one wait at a time");
        }
        waiter = Promise.promise();
        waitingFor = condition;
        return waiter.future();
    }

    private void wake() {
        if (waiter != null && waitingFor.getAsBoolean()) {
            Promise<Void> w = waiter;
            waiter = null;
            waitingFor = null;
            w.complete();
        }
    }
}
