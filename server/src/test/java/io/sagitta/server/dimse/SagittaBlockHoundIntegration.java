package io.sagitta.server.dimse;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * What BlockHound must know about this process beyond Netty's own integration (which covers Netty's
 * {@code FastThreadLocalThread}s that do not permit blocking calls): Vert.x's event-loop threads are
 * non-blocking by name as well, the few one-off blocking calls that are legitimate are allowed, and every
 * violation is recorded instead of thrown, so that a test sees all of them and the server keeps running.
 */
final class SagittaBlockHoundIntegration implements BlockHoundIntegration {

    final List<String> violations = new CopyOnWriteArrayList<>();

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.nonBlockingThreadPredicate(current -> current.or(
            thread -> thread.getName().startsWith("vert.x-eventloop-thread-")));
        // UUID.randomUUID (blob temporary names): NativePRNG's nextBytes reads /dev/urandom, which never blocks.
        // Seeding from /dev/random (generateSeed) can block and stays flagged.
        builder.allowBlockingCallsInside("sun.security.provider.NativePRNG$RandomIO", "implNextBytes");
        // Handing a task to a worker pool (Vert.x executeBlocking) takes the queue's lock for a few instructions
        // and may park for it under contention; offer never waits for space.
        builder.allowBlockingCallsInside("java.util.concurrent.LinkedBlockingQueue", "offer");
        // Netty's adaptive allocator: when threads contend for its magazines it adds magazines and retires the
        // old ones, taking each one's lock for as long as another thread's allocation from it lasts (a pointer
        // bump). Netty's own BlockHound integration does not list this path; seen under load from
        // PduReader.append, with the stack Magazine.free <- MagazineGroup.tryExpandMagazines.
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines");
        builder.blockingMethodCallback(method -> violations.add(method + " on " + Thread.currentThread().getName()
            + "\n    " + Arrays.stream(new Throwable().getStackTrace()).skip(2).limit(40)
                .map(StackTraceElement::toString).collect(Collectors.joining("\n    "))));
    }
}
