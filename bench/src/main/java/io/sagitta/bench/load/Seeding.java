package io.sagitta.bench.load;

/**
 * Before a query or retrieve workload: stores the run's studies (over DIMSE when the target has a
 * DIMSE address, else over STOW-RS; {@code --seed-via} chooses) and stops the run if any failed, so
 * that reads are only ever made of what was stored.
 */
final class Seeding {

    private Seeding() {
    }

    static void seed(LoadSession session) {
        LoadOptions o = session.options();
        String via = o.seedVia() != null ? o.seedVia() : session.target().hasDicom() ? "dimse" : "stow";
        if (via.equals("dimse")) {
            session.await(StoreWorkload.storeAll(session, "seed-store", 0, o.studies(), o.concurrency()));
        } else {
            session.await(StowWorkload.stowAll(session, "seed-stow", 0, o.studies(), o.concurrency(),
                o.instancesPerStudy()));
        }
        if (session.errors() > 0) {
            throw new SeedingFailedException(session.errors() + " errors while seeding the studies to read");
        }
    }

    /** The studies to read could not all be stored: the run stops, the errors are reported. */
    static final class SeedingFailedException extends RuntimeException {
        SeedingFailedException(String message) {
            super(message);
        }
    }
}
