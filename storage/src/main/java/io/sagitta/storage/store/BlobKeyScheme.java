package io.sagitta.storage.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where an instance's blob goes: {@code yyyy/mm/dd/<SOP Instance UID>-<random>.dcm}, by the day it
 * was received. The day spreads a year's instances over directories an operator can back up or
 * inspect by date; the random part makes every write a new object, so a re-sent instance never
 * overwrites the bytes the index still points at (the old blob is deleted only after the index
 * has moved to the new one).
 */
final class BlobKeyScheme {

    private BlobKeyScheme() {
    }

    static String keyFor(String sopInstanceUid, Instant received) {
        ZonedDateTime day = received.atZone(ZoneOffset.UTC);
        String uid = sopInstanceUid == null || sopInstanceUid.isEmpty() || !sopInstanceUid.matches("[0-9.]{1,64}")
            ? "unknown" : sopInstanceUid;
        return String.format("%04d/%02d/%02d/%s-%012x.dcm", day.getYear(), day.getMonthValue(), day.getDayOfMonth(),
            uid, ThreadLocalRandom.current().nextLong() >>> 16);
    }
}
