package io.sagitta.storage.store;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BlobKeySchemeTest {

    private static final Instant FEB_3 = Instant.parse("2026-02-03T23:59:59Z");

    @Test
    void keyIsTheDayThenTheUidThenTwelveHexDigits() {
        String key = BlobKeyScheme.keyFor("1.2.840.5", FEB_3);
        assertTrue(key.matches("2026/02/03/1\\.2\\.840\\.5-[0-9a-f]{12}\\.dcm"), key);
        assertNotEquals(key, BlobKeyScheme.keyFor("1.2.840.5", FEB_3), "every write gets a new key");
    }

    @Test
    void aUidThatIsNotPlainDigitsAndDotsIsNotPutInAPath() {
        for (String uid : new String[] {null, "", "../../etc/passwd", "1.2/3", "1".repeat(65)}) {
            String key = BlobKeyScheme.keyFor(uid, FEB_3);
            assertTrue(key.matches("2026/02/03/unknown-[0-9a-f]{12}\\.dcm"), key);
        }
        assertTrue(BlobKeyScheme.keyFor("1".repeat(64), Instant.parse("2026-11-23T00:00:00Z")).startsWith("2026/11/23/1111"));
    }
}
