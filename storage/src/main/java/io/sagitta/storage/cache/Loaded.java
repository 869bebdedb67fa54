package io.sagitta.storage.cache;

/** A cached value and the {@link WriteGenerations} tick its load started at. */
record Loaded<T>(long startedAt, T value) {
}
