package io.sagitta.bench.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.sagitta.bench.data.SyntheticInstances;
import io.sagitta.core.net.pdu.PDataFragmenter;
import io.sagitta.core.net.pdu.PDataTf;
import io.sagitta.core.net.pdu.Pdu;
import io.sagitta.core.net.pdu.PduDecoder;
import io.sagitta.core.net.pdu.PduEncoder;
import io.sagitta.core.net.pdu.Pdv;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * The DIMSE wire path for one CT instance (528 KB): fragmenting it into P-DATA-TF PDUs of the
 * negotiated size and encoding them ({@code send}), and decoding the same bytes from 64 KiB socket
 * reads back into PDVs ({@code receive}). MB/s = instance bytes / time per op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class PduBenchmark {

    private static final int SOCKET_READ = 64 * 1024;

    /** Maximum PDU length: dcmtk's default (16 KiB) and the archive's (256 KiB). */
    @Param({"16384", "262144"})
    public int maxPduLength;

    private ByteBuf instance;
    private ByteBuf wire;
    // The connection's read buffer, as Netty's cumulator would hold it: allocated once.
    private ByteBuf in;

    @Setup(Level.Trial)
    public void setUp() {
        instance = Unpooled.wrappedBuffer(SyntheticInstances.Kind.CT.encode());
        wire = Unpooled.buffer();
        for (PDataTf pdu : new PDataFragmenter(maxPduLength).fragment(1, false, instance, true)) {
            PduEncoder.encodeTo(pdu, wire);
            pdu.release();
        }
        in = Unpooled.buffer(2 * Math.max(SOCKET_READ, maxPduLength + 6));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        instance.release();
        wire.release();
        in.release();
    }

    @Benchmark
    public long send() {
        long bytes = 0;
        List<PDataTf> pdus = new PDataFragmenter(maxPduLength).fragment(1, false, instance, true);
        for (PDataTf pdu : pdus) {
            ByteBuf out = PduEncoder.encode(pdu, ByteBufAllocator.DEFAULT);
            bytes += out.readableBytes();
            out.release();
            pdu.release();
        }
        return bytes;
    }

    @Benchmark
    public long receive() {
        PduDecoder decoder = new PduDecoder();
        in.clear();
        long data = 0;
        int offset = 0;
        int end = wire.writerIndex();
        while (offset < end) {
            int n = Math.min(SOCKET_READ, end - offset);
            in.writeBytes(wire, offset, n);
            offset += n;
            Pdu pdu;
            while ((pdu = decoder.decode(in)) != null) {
                if (!(pdu instanceof PDataTf pData)) {
                    throw new IllegalStateException("not a P-DATA-TF: " + pdu);
                }
                for (Pdv pdv : pData.pdvs()) {
                    data += pdv.data().readableBytes();
                }
                pData.release();
            }
            in.discardReadBytes();
        }
        if (data != instance.readableBytes()) {
            throw new IllegalStateException("decoded " + data + " of " + instance.readableBytes() + " bytes");
        }
        return data;
    }
}
