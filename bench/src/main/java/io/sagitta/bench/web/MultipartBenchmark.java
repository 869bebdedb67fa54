package io.sagitta.bench.web;

import io.sagitta.bench.data.SyntheticInstances;
import io.sagitta.dicomweb.stow.MultipartReader;
import io.sagitta.dicomweb.wado.MultipartResponse;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The DICOMweb multipart paths: the STOW-RS reader ({@link MultipartReader}) finding the parts of
 * a {@code multipart/related} request body, and the WADO-RS writer ({@link MultipartResponse})
 * writing the same parts into a response, each for {@code parts} copies of one instance. The
 * reader is fed the whole body or its 64 KiB socket reads; the writer is given each instance in the
 * 64 KiB buffers a blob stream delivers. Setup prints the body size: MB/s = body bytes / (µs/op).
 *
 * <p>Both are checked once in setup (every part read back byte for byte, the writer's output read
 * by the reader) and cheaply on every operation (the part count), and return the bytes they moved.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class MultipartBenchmark {

    /** The limits STOW-RS reads with ({@code StowRoutes}): 16 KiB of headers per part, 10,000 parts. */
    static final int MAX_HEADER_BYTES = 16 * 1024;
    static final int MAX_PARTS = 10_000;

    static final String PART_TYPE = "application/dicom";
    static final String EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";

    /** A STOW-RS request body and how it arrives. */
    @State(Scope.Benchmark)
    public static class Request {

        @Param({"SMALL", "CT"})
        public SyntheticInstances.Kind instance;

        @Param({"20"})
        public int parts;

        @Param({"WHOLE", "CHUNKED_64K"})
        public Delivery delivery;

        List<Buffer> chunks;

        @Setup(Level.Trial)
        public void build() {
            byte[] bytes = instance.encode();
            Buffer body = StowBody.of(bytes, parts);
            chunks = delivery.split(body);
            PartTally tally = read(chunks, StowBody.BOUNDARY, parts, true);
            tally.check(parts, bytes);
            System.out.printf("%nSTOW body: %d parts of %,d bytes, %,d bytes in %d buffers%n",
                parts, bytes.length, body.length(), chunks.size());
        }
    }

    /** The instances a WADO-RS response sends, as a blob stream delivers them. */
    @State(Scope.Benchmark)
    public static class Response {

        @Param({"SMALL", "CT"})
        public SyntheticInstances.Kind instance;

        @Param({"20"})
        public int parts;

        List<Buffer> blobChunks;
        String[] locations;

        @Setup(Level.Trial)
        public void build() {
            byte[] bytes = instance.encode();
            blobChunks = Delivery.chunks(Buffer.buffer(bytes), Delivery.CHUNK);
            locations = new String[parts];
            for (int i = 0; i < parts; i++) {
                locations[i] = "http://127.0.0.1:8080/dicom-web/studies/1.2.826.0.1.3680043.10.1137.1/series/"
                    + "1.2.826.0.1.3680043.10.1137.1.1/instances/1.2.826.0.1.3680043.10.1137.1.1." + (i + 1);
            }
            ResponseSink sink = new ResponseSink(true);
            String contentType = write(this, sink);
            PartTally tally = read(List.of(sink.kept()), MultipartReader.boundaryOf(contentType), parts, true);
            tally.check(parts, bytes);
            System.out.printf("%nWADO-RS response: %d parts of %,d bytes, %,d bytes in %d writes%n",
                parts, bytes.length, sink.bytes(), sink.writes());
        }
    }

    @Benchmark
    public long read(Request request) {
        PartTally tally = read(request.chunks, StowBody.BOUNDARY, request.parts, false);
        if (tally.parts() != request.parts) {
            throw new IllegalStateException("read " + tally.parts() + " parts of " + request.parts);
        }
        return tally.bytes();
    }

    @Benchmark
    public long write(Response response) {
        ResponseSink sink = new ResponseSink();
        write(response, sink);
        return sink.bytes();
    }

    static PartTally read(List<Buffer> chunks, String boundary, int parts, boolean keep) {
        PartTally tally = new PartTally(parts, keep);
        MultipartReader reader = new MultipartReader(boundary, MAX_HEADER_BYTES, MAX_PARTS, tally);
        for (Buffer chunk : chunks) {
            reader.feed(chunk);
        }
        reader.finish();
        return tally;
    }

    /** Writes the response's parts into the sink as WADO-RS does; returns the response's Content-Type. */
    static String write(Response response, ResponseSink sink) {
        MultipartResponse multipart = new MultipartResponse(sink);
        String contentType = multipart.contentType(PART_TYPE);
        String partType = PART_TYPE + "; transfer-syntax=" + EXPLICIT_VR_LITTLE_ENDIAN;
        for (int i = 0; i < response.parts; i++) {
            multipart.startPart(partType, response.locations[i]);
            for (Buffer chunk : response.blobChunks) {
                multipart.write(chunk);
            }
        }
        multipart.end();
        return contentType;
    }
}
