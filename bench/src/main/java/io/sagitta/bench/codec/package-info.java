/**
 * JMH benchmarks of the DICOM codec and dataset model, run through {@code sagitta-bench.jar jmh}.
 *
 * <p>Inputs come from {@link io.sagitta.bench.data.SyntheticInstances}; {@link io.sagitta.bench.codec.Feed}
 * says how they reach the parser. {@link io.sagitta.bench.codec.JsonEncodingBenchmark} encodes the
 * parsed CT header (and a study result made from it) as DICOM JSON.
 */
package io.sagitta.bench.codec;
