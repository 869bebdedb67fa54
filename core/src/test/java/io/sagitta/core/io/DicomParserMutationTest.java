package io.sagitta.core.io;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fuzz property ({@link ParserRobustness}) on every CI run, without a fuzzing engine: 20,000
 * deterministic mutations (bit flips, interesting bytes, length fields set to hostile values, cuts,
 * deletions, duplications, splices) of the valid seed files, under varying parser options and splits.
 * A failure names the iteration; rerun it with the same seed to get the same input.
 */
class DicomParserMutationTest {

    private static final long SEED = 0x5A617474L;
    private static final int ITERATIONS = 20_000;
    private static final long[] HOSTILE_LENGTHS = {0, 1, 2, 3, 7, 8, 0xFF, 0xFFFF, 0xFFFE, 0x00FFFFFFL, 0x03FFFFFFL, 0x7FFFFFFFL,
        0x80000000L, 0xFFFFFFF0L, 0xFFFFFFFEL, 0xFFFFFFFFL};

    @Test
    void mutatedSeedsParseOrFailCleanly() throws IOException {
        Map<String, byte[]> seedMap = DicomParserFuzzSeeds.load();
        List<String> names = new ArrayList<>(seedMap.keySet());
        List<byte[]> seeds = new ArrayList<>(seedMap.values());
        assertTrue(seeds.size() >= 20, "seed corpus has only " + seeds.size() + " files");
        Random random = new Random(SEED);
        for (int i = 0; i < ITERATIONS; i++) {
            int pick = random.nextInt(seeds.size());
            byte[] input = mutate(seeds.get(pick), seeds.get(random.nextInt(seeds.size())), random);
            int control = random.nextInt();
            try {
                ParserRobustness.check(input, control);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("iteration " + i + " (mutated " + names.get(pick) + ", control "
                    + Integer.toHexString(control) + ", " + input.length + " bytes): " + e, e);
            }
        }
    }

    /** One to four mutations of {@code seed}; {@code other} is material for splices. */
    static byte[] mutate(byte[] seed, byte[] other, Random random) {
        byte[] b = seed.clone();
        int count = 1 + random.nextInt(4);
        for (int m = 0; m < count && b.length > 0; m++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(8)) {
                case 0: // flip a bit
                    b[at] ^= (byte) (1 << random.nextInt(8));
                    break;
                case 1: // an interesting byte
                    b[at] = (byte) new int[] {0, 1, 0x7F, 0x80, 0xFE, 0xFF, 'D', 'O', 'S', 'U'}[random.nextInt(10)];
                    break;
                case 2: // a 16- or 32-bit length, in either byte order, where a length might be
                    long v = HOSTILE_LENGTHS[random.nextInt(HOSTILE_LENGTHS.length)];
                    int size = random.nextBoolean() ? 2 : 4;
                    boolean big = random.nextInt(4) == 0;
                    for (int k = 0; k < size && at + k < b.length; k++) {
                        b[at + k] = (byte) (v >>> (8 * (big ? size - 1 - k : k)));
                    }
                    break;
                case 3: // cut
                    b = Arrays.copyOf(b, at);
                    break;
                case 4: { // delete a run
                    int n = Math.min(1 + random.nextInt(16), b.length - at);
                    byte[] c = new byte[b.length - n];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + n, c, at, b.length - at - n);
                    b = c;
                    break;
                }
                case 5: { // duplicate a run (repeats headers, items, delimiters)
                    int n = Math.min(1 + random.nextInt(32), b.length - at);
                    byte[] c = new byte[b.length + n];
                    System.arraycopy(b, 0, c, 0, at + n);
                    System.arraycopy(b, at, c, at + n, b.length - at);
                    b = c;
                    break;
                }
                case 6: { // splice in a run of another seed
                    if (other.length == 0) {
                        break;
                    }
                    int from = random.nextInt(other.length);
                    int n = Math.min(1 + random.nextInt(64), other.length - from);
                    byte[] c = new byte[b.length + n];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(other, from, c, at, n);
                    System.arraycopy(b, at, c, at + n, b.length - at);
                    b = c;
                    break;
                }
                default: // make a VR invalid or change it to another VR
                    if (at + 1 < b.length) {
                        String[] vrs = {"SQ", "UN", "OB", "OW", "UT", "LO", "US", "FD", "AT", "zz"};
                        String vr = vrs[random.nextInt(vrs.length)];
                        b[at] = (byte) vr.charAt(0);
                        b[at + 1] = (byte) vr.charAt(1);
                    }
            }
        }
        return b;
    }
}
