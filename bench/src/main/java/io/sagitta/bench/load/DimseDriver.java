package io.sagitta.bench.load;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.sagitta.bench.data.GeneratedInstance;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.UID;
import io.sagitta.core.net.channel.Association;
import io.sagitta.core.net.channel.AssociationOptions;
import io.sagitta.core.net.channel.AssociationRequest;
import io.sagitta.core.net.channel.DicomClient;
import io.sagitta.core.net.dimse.DimseCommand;
import io.sagitta.core.net.dimse.Status;
import io.sagitta.core.net.service.DatasetSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * C-STORE over N parallel associations with core's {@link DicomClient}, one association per lane,
 * each proposing the run's SOP class in explicit VR little endian. A response whose status is neither
 * success nor warning is an error of kind {@code dimse-XXXX}; an abort or a lost connection fails that
 * operation ({@code dimse-connection}) and every later one on the lane.
 */
public final class DimseDriver implements AutoCloseable {

    private static final String TS = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();

    private final MultiThreadIoEventLoopGroup group;
    private final DicomClient client;
    private final List<Association> associations = new ArrayList<>();

    private DimseDriver(int threads) {
        group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        client = DicomClient.create(group, AssociationOptions.create().dimseResponseTimeout(java.time.Duration.ofSeconds(60)));
    }

    /** Opens {@code lanes} associations to the target; fails (closing what opened) if any cannot be opened. */
    public static DimseDriver open(Target target, int lanes, String sopClassUid) {
        DimseDriver driver = new DimseDriver(Math.max(1, Math.min(lanes, Runtime.getRuntime().availableProcessors())));
        try {
            List<CompletableFuture<Association>> opening = new ArrayList<>();
            for (int i = 0; i < lanes; i++) {
                opening.add(driver.client.connect(target.dicomHost(), target.dicomPort(),
                    AssociationRequest.create(target.calledAeTitle(), target.callingAeTitle())
                        .propose(sopClassUid, TS).verification()));
            }
            for (CompletableFuture<Association> f : opening) {
                driver.associations.add(f.get(30, TimeUnit.SECONDS));
            }
            for (Association a : driver.associations) {
                if (a.presentationContext(sopClassUid, TS) < 0) {
                    throw new LoadException(target.calledAeTitle() + " did not accept " + sopClassUid
                        + " in explicit VR little endian");
                }
            }
            return driver;
        } catch (LoadException e) {
            driver.close();
            throw e;
        } catch (Exception e) {
            driver.close();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new LoadException("cannot open an association to " + target + ": " + cause.getMessage(), cause);
        }
    }

    public int lanes() {
        return associations.size();
    }

    public CompletableFuture<Outcome> store(int lane, GeneratedInstance instance) {
        return associations.get(lane)
            .store(instance.sopClassUid(), instance.sopInstanceUid(), TS, DatasetSource.of(instance.datasetBuffers()))
            .handle((response, failure) -> failure == null ? outcome(response, instance) : connectionError(failure));
    }

    private static Outcome outcome(DimseCommand response, GeneratedInstance instance) {
        Status.Category category = Status.category(response.status());
        if (category == Status.Category.SUCCESS || category == Status.Category.WARNING) {
            return Outcome.success(1, instance.datasetLength());
        }
        return Outcome.error("dimse-" + Status.toHex(response.status()),
            "C-STORE of " + instance.sopInstanceUid() + " answered " + Status.toHex(response.status())
                + (response.errorComment() == null ? "" : " (" + response.errorComment() + ")"));
    }

    private static Outcome connectionError(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return Outcome.error("dimse-connection", t.getClass().getSimpleName() + ": " + t.getMessage());
    }

    @Override
    public void close() {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (Association a : associations) {
            closing.add(a.release().exceptionally(t -> null));
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            associations.forEach(Association::abort);
        }
        client.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
