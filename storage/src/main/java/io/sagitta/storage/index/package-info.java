/**
 * The archive's index of stored instances, in PostgreSQL through R2DBC: one store path, one query
 * path (C-FIND and QIDO-RS), one retrieve path (locations and WADO-RS metadata), one delete path.
 *
 * <h2>Store: two phases</h2>
 * The blob is written and made durable first; only then {@link io.sagitta.storage.index.InstanceIndex#recordInstance}
 * writes the rows, in one transaction. A crash between the two leaves an orphan blob (no row
 * points at it) that the sweeper removes, never a row pointing at missing bytes.
 *
 * <h2>Delete: rows first</h2>
 * {@link io.sagitta.storage.index.InstanceIndex#delete} removes rows and returns the blob keys; the caller then deletes
 * the blobs. A blob delete that fails leaves an orphan for the sweeper, which is harmless; the
 * other order could leave an indexed instance whose bytes are gone.
 *
 * <h2>Schema</h2>
 * Versioned SQL migrations ({@code migrations/V<n>__*.sql}) run at start under an advisory lock.
 * patient, study, series, instance; person names are kept raw, upper-cased (case-insensitive and
 * wildcard matching, accents kept) and accent-folded word by word (fuzzy matching, pg_trgm
 * indexed when the server has the extension); study aggregates are columns kept exact under the
 * study's row lock; per-instance metadata is DICOM JSON text, kept uncompressed in the row up to
 * about 8 kB (migration V7: compressing it was a sixth of the database's CPU per stored instance), with
 * bulk data as placeholders, so WADO-RS metadata reads no blob.
 *
 * <h2>Threads</h2>
 * R2DBC runs on reactor-netty's threads; {@code impl.ReactiveBridge} is the one place where its
 * publishers become Vert.x futures and read streams, completed on the caller's context.
 */
package io.sagitta.storage.index;
