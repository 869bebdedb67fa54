/**
 * Blob stores (filesystem, S3) and the PostgreSQL index with its caches. Nothing is here yet: the
 * work is described in the storage issue. The module exists so that the build's shape is final.
 */
package io.sagitta.storage;
