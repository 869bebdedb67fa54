package io.sagitta.storage.blob.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sagitta.storage.blob.BlobPage;
import io.sagitta.storage.blob.ListedBlob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryNamesTest {

    @TempDir
    Path objects;

    private final Map<Path, Integer> reads = new HashMap<>();
    private final AtomicLong clock = new AtomicLong();
    private final DirectoryNames names = new DirectoryNames(dir -> {
        reads.merge(dir.getFileName(), 1, Integer::sum);
        try (var entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).toList();
        }
    }, clock::get);

    private Path day() throws IOException {
        return Files.createDirectories(objects.resolve("2026/11/23"));
    }

    private List<String> walk(int limit) throws IOException {
        List<String> keys = new ArrayList<>();
        String next = null;
        do {
            BlobPage page = FileListing.page(objects, names, next, limit);
            page.blobs().stream().map(ListedBlob::key).forEach(keys::add);
            next = page.next();
        } while (next != null);
        return keys;
    }

    @Test
    void aDayOfBlobsIsReadOnceForAllThePagesOfAListing() throws IOException {
        Path day = day();
        for (int i = 0; i < 2_000; i++) {
            Files.write(day.resolve(String.format("1.2.%04d.dcm", i)), new byte[1]);
        }
        List<String> keys = walk(100);
        assertEquals(2_000, keys.size());
        assertEquals(2_000, new HashSet<>(keys).size(), "each blob once");
        assertEquals("2026/11/23/1.2.0000.dcm", keys.get(0));
        assertEquals("2026/11/23/1.2.1999.dcm", keys.get(1_999));
        // 20 pages; read per page, the day's directory would be read 20 times (and sorted each time).
        assertEquals(1, reads.get(Path.of("23")));
    }

    @Test
    void aNewListingSeesWhatWasWrittenSinceTheLast() throws IOException {
        Path day = day();
        Files.write(day.resolve("1.dcm"), new byte[1]);
        assertEquals(List.of("2026/11/23/1.dcm"), walk(10));
        Files.write(day.resolve("2.dcm"), new byte[1]);
        assertEquals(List.of("2026/11/23/1.dcm", "2026/11/23/2.dcm"), walk(10));
        assertEquals(2, reads.get(Path.of("23")));
    }

    @Test
    void aKeptDirectoryIsReadAgainOnceItIsOld() throws IOException {
        Path day = day();
        Files.write(day.resolve("1.dcm"), new byte[1]);
        Files.write(day.resolve("2.dcm"), new byte[1]);
        BlobPage first = FileListing.page(objects, names, null, 1);
        Files.write(day.resolve("3.dcm"), new byte[1]);
        Files.write(day.resolve(".hidden"), new byte[1]);

        BlobPage soon = FileListing.page(objects, names, first.next(), 10);
        assertEquals(List.of("2026/11/23/2.dcm"), soon.blobs().stream().map(ListedBlob::key).toList(),
            "a page soon after works from the same read of the directory");
        assertNull(soon.next());

        clock.addAndGet(DirectoryNames.KEPT_NANOS);
        BlobPage later = FileListing.page(objects, names, first.next(), 10);
        assertEquals(List.of("2026/11/23/2.dcm", "2026/11/23/3.dcm"), later.blobs().stream().map(ListedBlob::key).toList());
        assertEquals(2, reads.get(Path.of("23")));
    }
}
