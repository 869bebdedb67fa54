/**
 * The index's PostgreSQL: a pooled R2DBC connection factory ({@link io.sagitta.storage.db.Database}) configured by
 * {@link io.sagitta.storage.db.DatabaseOptions} (from {@code SAGITTA_DB_URL} and friends), and the embedded server used
 * when no external one is configured ({@link io.sagitta.storage.db.EmbeddedDatabase}).
 */
package io.sagitta.storage.db;
