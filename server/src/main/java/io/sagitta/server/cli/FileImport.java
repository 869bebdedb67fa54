package io.sagitta.server.cli;

import io.sagitta.core.data.UID;
import io.sagitta.core.io.DicomParseException;
import io.sagitta.dicomweb.stow.Part10Splitter;
import io.sagitta.storage.index.StoreResult;
import io.sagitta.storage.store.InstanceStore;
import io.sagitta.storage.store.InstanceWriter;
import io.sagitta.storage.store.InvalidInstanceException;
import io.sagitta.storage.store.StoredInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import java.nio.file.Path;

/**
 * Imports one Part 10 file through the store path, exactly as STOW-RS stores a part: the File Meta
 * Information is split off ({@link Part10Splitter}), and the dataset bytes flow chunk by chunk into
 * an {@link InstanceWriter}, the next chunk read only once the previous one is written. Runs on
 * the Vert.x context it is called on; file reads are Vert.x's, off the event loop.
 */
final class FileImport {

    static final int CHUNK = 256 * 1024;
    private static final int PREFIX = 132;

    private final Vertx vertx;
    private final InstanceStore store;
    private final Path file;
    private final boolean skipNonDicom;
    private final Part10Splitter splitter = new Part10Splitter();
    private AsyncFile input;
    private InstanceWriter writer;
    private long position;

    private FileImport(Vertx vertx, InstanceStore store, Path file, boolean skipNonDicom) {
        this.vertx = vertx;
        this.store = store;
        this.file = file;
        this.skipNonDicom = skipNonDicom;
    }

    /**
     * Imports {@code file}; never fails: every problem becomes a {@link ImportOutcome.Kind#FAILED}
     * (or SKIPPED) outcome with a one-line reason, and nothing of a failed file stays stored.
     */
    static Future<ImportOutcome> run(Vertx vertx, InstanceStore store, Path file, boolean skipNonDicom) {
        FileImport first = new FileImport(vertx, store, file, skipNonDicom);
        // A file the storage refused (not the file's fault) is tried once more: concurrent stores
        // of one new instance (a file and its copy imported at once) can meet in a database
        // deadlock, which PostgreSQL resolves by rolling one of them back.
        return first.run().compose(outcome -> first.storageRefused
            ? new FileImport(vertx, store, file, skipNonDicom).run()
            : Future.succeededFuture(outcome));
    }

    private boolean storageRefused;

    private Future<ImportOutcome> run() {
        return vertx.fileSystem().open(file.toString(), new OpenOptions().setRead(true).setWrite(false).setCreate(false))
            .compose(opened -> {
                input = opened;
                return read();
            })
            .compose(this::first)
            .recover(failure -> (writer == null ? Future.<Void>succeededFuture() : writer.abort())
                .transform(ignored -> {
                    storageRefused = !(failure instanceof DicomParseException || failure instanceof InvalidInstanceException
                        || failure instanceof java.io.IOException || failure instanceof io.vertx.core.file.FileSystemException);
                    return Future.succeededFuture(ImportOutcome.failed(file, position, reason(failure)));
                }))
            .eventually(() -> input == null ? Future.succeededFuture() : input.close());
    }

    private Future<Buffer> read() {
        return input.read(Buffer.buffer(CHUNK), 0, position, CHUNK).map(chunk -> {
            position += chunk.length();
            return chunk;
        });
    }

    /** The first chunk says whether this is a Part 10 file at all. */
    private Future<ImportOutcome> first(Buffer chunk) {
        if (chunk.length() == 0) {
            return notDicom("empty file");
        }
        if (chunk.length() < PREFIX || chunk.getByte(128) != 'D' || chunk.getByte(129) != 'I'
            || chunk.getByte(130) != 'C' || chunk.getByte(131) != 'M') {
            return notDicom("not a DICOM Part 10 file (no \"DICM\" after the 128-byte preamble)");
        }
        return meta(chunk);
    }

    private Future<ImportOutcome> notDicom(String reason) {
        return Future.succeededFuture(skipNonDicom
            ? ImportOutcome.skipped(file, position, reason)
            : ImportOutcome.failed(file, position, reason));
    }

    /** Feeds the splitter until the File Meta Information is complete, then starts the instance. */
    private Future<ImportOutcome> meta(Buffer chunk) {
        if (chunk.length() == 0) {
            splitter.finish(); // throws: the file ends inside its File Meta Information
        }
        Part10Splitter.Split split = splitter.feed(chunk);
        if (split == null) {
            return read().compose(this::meta);
        }
        if (UID.MediaStorageDirectoryStorage.equals(split.sopClassUid())) {
            return Future.succeededFuture(ImportOutcome.skipped(file, position, "a DICOMDIR (media directory), not an instance"));
        }
        writer = store.begin(split.sopClassUid(), split.sopInstanceUid(), split.syntax());
        return writeIfAny(split.carried())
            .compose(ignored -> writeIfAny(split.rest()))
            .compose(ignored -> dataset());
    }

    private Future<Void> writeIfAny(Buffer chunk) {
        return chunk.length() == 0 ? Future.succeededFuture() : writer.write(chunk);
    }

    /** Reads and writes the rest of the dataset one chunk at a time, then finishes the instance. */
    private Future<ImportOutcome> dataset() {
        return read().compose(chunk -> chunk.length() == 0
            ? writer.finish().map(this::outcome)
            : writer.write(chunk).compose(ignored -> dataset()));
    }

    private ImportOutcome outcome(StoredInstance stored) {
        StoreResult.Outcome outcome = stored.outcome();
        ImportOutcome.Kind kind = switch (outcome) {
            case STORED -> ImportOutcome.Kind.STORED;
            case REPLACED -> ImportOutcome.Kind.REPLACED;
            case DUPLICATE -> ImportOutcome.Kind.DUPLICATE;
        };
        return ImportOutcome.of(file, kind, position);
    }

    private static String reason(Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        message = message.replace('\n', ' ');
        if (failure instanceof DicomParseException) {
            return "not valid DICOM: " + message;
        }
        if (failure instanceof InvalidInstanceException) {
            return "inconsistent instance: " + message;
        }
        if (failure instanceof java.nio.file.NoSuchFileException || failure instanceof java.nio.file.AccessDeniedException
            || failure instanceof java.io.IOException || failure instanceof io.vertx.core.file.FileSystemException) {
            return "cannot read: " + message;
        }
        return "not stored: " + message;
    }
}
