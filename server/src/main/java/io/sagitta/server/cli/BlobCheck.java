package io.sagitta.server.cli;

import io.sagitta.storage.blob.BlobCorruptedException;
import io.sagitta.storage.blob.BlobInfo;
import io.sagitta.storage.blob.BlobNotFoundException;
import io.sagitta.storage.blob.BlobStore;
import io.sagitta.storage.index.InstanceLocation;
import io.vertx.core.Future;

/**
 * Checks one indexed instance's blob: the blob store re-reads it against the size and CRC32C it
 * recorded at commit ({@link BlobStore#verify}), and the result is compared with what the index
 * recorded at store. Never fails: every problem is a {@link Finding}.
 */
final class BlobCheck {

    enum Problem {
        /** No blob under the indexed key. */
        MISSING,
        /** The blob holds another number of bytes than recorded (truncated, extended). */
        SIZE_MISMATCH,
        /** The bytes do not give the CRC32C recorded at store. */
        CHECKSUM_MISMATCH,
        /** The blob could not be read (store unreachable, permissions): nothing is known of it. */
        UNREADABLE
    }

    /** What is wrong with one instance, or {@code problem == null} when its blob is intact. */
    record Finding(InstanceLocation instance, Problem problem, String detail) {

        boolean intact() {
            return problem == null;
        }

        boolean damaged() {
            return problem != null && problem != Problem.UNREADABLE;
        }
    }

    private BlobCheck() {
    }

    static Future<Finding> check(BlobStore blobs, InstanceLocation instance) {
        return blobs.verify(instance.blobKey())
            .map(info -> compare(instance, info))
            .recover(failure -> {
                if (failure instanceof BlobNotFoundException) {
                    return Future.succeededFuture(new Finding(instance, Problem.MISSING, "no blob under the key"));
                }
                if (failure instanceof BlobCorruptedException) {
                    return classify(blobs, instance, failure);
                }
                return Future.succeededFuture(new Finding(instance, Problem.UNREADABLE, CommandLine.describe(failure)));
            });
    }

    private static Finding compare(InstanceLocation instance, BlobInfo blob) {
        if (blob.size() != instance.size()) {
            return new Finding(instance, Problem.SIZE_MISMATCH, "the index records " + instance.size()
                + " bytes, the blob holds " + blob.size());
        }
        if (!blob.checksum().equals(instance.checksum())) {
            return new Finding(instance, Problem.CHECKSUM_MISMATCH, "the index records CRC32C " + instance.checksum()
                + ", the blob gives " + blob.checksum());
        }
        return new Finding(instance, null, null);
    }

    /**
     * The store found its blob inconsistent; which way? A blob whose size (as the store now sees it)
     * differs from the indexed one, or whose size cannot even be read (a truncated file loses its
     * trailer), is a size mismatch; otherwise the bytes changed in place: a checksum mismatch.
     */
    private static Future<Finding> classify(BlobStore blobs, InstanceLocation instance, Throwable corrupted) {
        String detail = CommandLine.describe(corrupted);
        return blobs.head(instance.blobKey()).transform(head -> {
            boolean sizeOff = head.failed() || head.result() == null || head.result().size() != instance.size();
            return Future.succeededFuture(new Finding(instance, sizeOff ? Problem.SIZE_MISMATCH : Problem.CHECKSUM_MISMATCH,
                (sizeOff ? "the index records " + instance.size() + " bytes; " : "") + detail));
        });
    }
}
