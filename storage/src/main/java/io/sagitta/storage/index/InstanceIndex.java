package io.sagitta.storage.index;

import io.r2dbc.spi.ConnectionFactory;
import io.sagitta.core.data.Dataset;
import io.sagitta.storage.db.Database;
import io.sagitta.storage.db.DatabaseOptions;
import io.sagitta.storage.index.impl.PostgresInstanceIndex;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.streams.ReadStream;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The archive's index of stored instances in PostgreSQL: the one store, query, retrieve and
 * delete path behind both DIMSE and DICOMweb.
 *
 * <p>Every method returns at once; futures complete and stream items arrive on the Vert.x context
 * of the caller (an event loop's, or a new one when called from elsewhere). Failures are
 * {@link InvalidQueryException} (bad query, before any I/O), {@link IndexUnavailableException}
 * (database unreachable: retry later) or {@link IndexException}.
 *
 * <p>Caches plug in as a decorator of this interface: every write reports the study and series it
 * touched ({@link StoreResult}, the {@link InstanceLocation}s a delete returns), which is what to invalidate.
 */
public interface InstanceIndex {

    /**
     * Opens the index on a connection pool, first bringing the schema up to date (versioned
     * migrations, applied once under an advisory lock, so concurrent starts do not race).
     */
    static Future<InstanceIndex> create(Vertx vertx, ConnectionFactory connections) {
        return PostgresInstanceIndex.open(vertx, connections, connections, DatabaseOptions.DEFAULT.fetchSize());
    }

    /**
     * The same on a configured database, streaming with its {@link DatabaseOptions#fetchSize()} and recording
     * stores through its own {@link Database#storeConnections() store pool}.
     */
    static Future<InstanceIndex> create(Vertx vertx, Database database) {
        return PostgresInstanceIndex.open(vertx, database.connections(), database.storeConnections(),
            database.options().fetchSize());
    }

    /**
     * Records an instance whose blob is already durable (phase two of a store). Creates or updates
     * its patient, study and series and keeps their counts exact under concurrent stores.
     */
    Future<StoreResult> recordInstance(InstanceRecord record);

    /**
     * Runs a query; results stream with back-pressure ({@code pause}/{@code fetch}) straight from
     * a database cursor. Nothing runs until a handler is set; setting the handler back to null
     * (C-CANCEL, a closed HTTP connection) cancels the query and frees its connection.
     */
    ReadStream<Dataset> query(IndexQuery query);

    /** The stored instances of a study, series or instance, in series then instance number order. */
    Future<List<InstanceLocation>> locations(Scope scope);

    /**
     * Every indexed instance, in the order they were first stored, streamed with back-pressure
     * (never all rows at once): what a scrubber such as {@code verify} walks.
     */
    ReadStream<InstanceLocation> allLocations();

    /**
     * The metadata of each instance in scope as a DICOM JSON object (one string per instance, bulk
     * data as {@link IndexedAttributes#METADATA_BULKDATA_PREFIX} placeholders), streamed in the
     * order of {@link #locations}.
     */
    ReadStream<String> metadata(Scope scope);

    /**
     * Removes the index rows of a study, series or instance (and of series, studies and patients
     * left empty) in one transaction, and returns what was removed so that the caller deletes the
     * blobs afterwards. Rows go first: nothing indexed can point at a missing blob, and a blob
     * whose deletion fails is an orphan the sweeper removes. An unknown scope removes nothing.
     */
    Future<List<InstanceLocation>> delete(Scope scope);

    /**
     * Which of {@code blobKeys} an instance row points at: the orphan sweeper's question (a blob no
     * row points at, old enough not to belong to a store in flight, is an orphan).
     */
    Future<Set<String>> indexedBlobKeys(Collection<String> blobKeys);
}
