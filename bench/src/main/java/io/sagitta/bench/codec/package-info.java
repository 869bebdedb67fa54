/**
 * JMH benchmarks of the DICOM codec and dataset model, run through {@code sagitta-bench.jar jmh}.
 *
 * <p>Inputs come from {@link io.sagitta.bench.data.SyntheticInstances}; {@link io.sagitta.bench.codec.Feed}
 * says how they reach the parser. The DICOM JSON encoding benchmark belongs here too, as
 * {@code JsonEncodingBenchmark} over the same instances, once {@code io.sagitta.core.json.DicomJsonWriter}
 * is in core.
 */
package io.sagitta.bench.codec;
