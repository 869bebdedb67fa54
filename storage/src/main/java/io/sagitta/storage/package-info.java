/**
 * Where instances are kept: blob stores for the bytes ({@code blob}: filesystem, S3) and, as it
 * is built, the PostgreSQL index and its caches.
 */
package io.sagitta.storage;
