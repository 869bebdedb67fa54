/** JMH benchmarks of the DICOM network path: the PDU codec. */
package io.sagitta.bench.net;
