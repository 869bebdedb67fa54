package io.sagitta.core.net.pdu;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sagitta.core.net.NoLeaks;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * decode → encode → decode for the PDU codec (house rule 9). {@link #decodeEncodeDecode} is a Jazzer fuzz
 * test: in a plain {@code mvn test} it replays the seeds under
 * {@code src/test/resources/io/sagitta/core/net/pdu/PduFuzzTestInputs/decodeEncodeDecode}; with
 * {@code JAZZER_FUZZ=1} it fuzzes for 10 seconds. {@link #randomMutations} is its deterministic cousin:
 * 10,000 fixed-seed mutations of valid PDU streams, split at random points.
 */
@ExtendWith(NoLeaks.class)
class PduFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void decodeEncodeDecode(byte[] data) {
        if (data.length == 0) {
            return;
        }
        // The first byte picks a split point, so that resuming in every state gets fuzzed too.
        byte[] pdus = java.util.Arrays.copyOfRange(data, 1, data.length);
        PduRoundTrip.check(pdus, (data[0] & 0xFF) % (pdus.length + 1));
    }

    @Test
    void randomMutations() {
        Random random = new Random(20240607L);
        List<byte[]> seeds = seeds();
        for (int i = 0; i < 10_000; i++) {
            byte[] bytes = mutate(seeds.get(random.nextInt(seeds.size())), random);
            int cuts = random.nextInt(4);
            int[] at = new int[cuts];
            int last = 0;
            for (int c = 0; c < cuts; c++) {
                last = last + random.nextInt(bytes.length - last + 1);
                at[c] = last;
            }
            PduRoundTrip.check(bytes, at);
        }
    }

    @Test
    void theSeedsAreValid() {
        // Mutations of a seed that was already invalid would test little more than the first check.
        for (byte[] seed : seeds()) {
            List<Pdu> pdus = PduSamples.decodeInChunks(new PduDecoder(), seed);
            try {
                org.junit.jupiter.api.Assertions.assertFalse(pdus.isEmpty() || pdus.stream().anyMatch(p -> p instanceof InvalidPdu),
                    () -> "seed decodes to " + pdus);
            } finally {
                PduSamples.releaseAll(pdus);
            }
        }
    }

    /** Valid streams: every sample PDU alone, and all of them back to back with a P-DATA-TF. */
    static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Pdu pdu : PduSamples.valuePdus()) {
            byte[] b = PduSamples.encodeToArray(pdu);
            seeds.add(b);
            all.writeBytes(b);
        }
        byte[] pData = Bytes.of().hex("04 00 00000018 00000006 01 03 01020304 0000000A 03 00 05060708 090A0B0C")
            .build();
        seeds.add(pData);
        all.writeBytes(pData);
        seeds.add(all.toByteArray());
        return seeds;
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed.clone();
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations && b.length > 0; m++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(6)) {
                case 0 -> b[at] = (byte) random.nextInt(256);                        // any byte
                case 1 -> b[at] ^= (byte) (1 << random.nextInt(8));                    // one bit
                case 2 -> b = java.util.Arrays.copyOf(b, at);                           // truncate
                case 3 -> {                                                            // a 16-bit item length
                    if (at + 1 < b.length) {
                        int v = random.nextBoolean() ? 0 : random.nextInt(0x10000);
                        b[at] = (byte) (v >>> 8);
                        b[at + 1] = (byte) v;
                    }
                }
                case 4 -> {                                                            // delete a run
                    int n = Math.min(b.length - at, 1 + random.nextInt(8));
                    byte[] shorter = new byte[b.length - n];
                    System.arraycopy(b, 0, shorter, 0, at);
                    System.arraycopy(b, at + n, shorter, at, b.length - at - n);
                    b = shorter;
                }
                default -> {                                                           // insert junk
                    int n = 1 + random.nextInt(8);
                    byte[] longer = new byte[b.length + n];
                    System.arraycopy(b, 0, longer, 0, at);
                    for (int k = 0; k < n; k++) {
                        longer[at + k] = (byte) random.nextInt(256);
                    }
                    System.arraycopy(b, at, longer, at + n, b.length - at);
                    b = longer;
                }
            }
        }
        return b;
    }
}
