package io.sagitta.bench.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sagitta.bench.data.SyntheticInstances;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.io.DatasetCollector;
import io.sagitta.core.io.DicomParser;
import io.sagitta.core.io.DicomParserOptions;
import org.junit.jupiter.api.Test;

/** The benchmarks compare feeds, so every feed must yield the same dataset. */
class FeedTest {

    private final byte[] ct = SyntheticInstances.Kind.CT.encode();

    @Test
    void wholeAndChunkedGiveTheSameDataset() {
        for (DicomParserOptions.PixelData mode : DicomParserOptions.PixelData.values()) {
            Dataset whole = parse(Feed.WHOLE, mode);
            Dataset chunked = parse(Feed.CHUNKED_64K, mode);
            assertEquals(whole.size(), chunked.size(), mode.name());
            for (int i = 0; i < whole.size(); i++) {
                assertEquals(whole.tagAt(i), chunked.tagAt(i));
            }
            assertEquals(mode == DicomParserOptions.PixelData.STOP, !whole.contains(Tag.PixelData));
        }
    }

    @Test
    void benchmarkInputParsesWithEveryFeed() {
        InstanceInput in = new InstanceInput();
        in.instance = SyntheticInstances.Kind.SMALL;
        in.pixelData = DicomParserOptions.PixelData.SKIP;
        for (Feed feed : Feed.values()) {
            in.feed = feed;
            in.encode();
            Dataset parsed = new MetadataExtractionBenchmark().parse(in);
            assertEquals(64, parsed.getInt(Tag.Rows, -1));
            assertTrue(new ParserOnlyBenchmark().scan(in) > in.bytes.length, "events counted past the last byte");
        }
    }

    private Dataset parse(Feed feed, DicomParserOptions.PixelData mode) {
        DatasetCollector collector = new DatasetCollector(DatasetCollector.BulkValues.REFERENCE);
        DicomParser parser = new DicomParser(DicomParserOptions.create().pixelData(mode), collector);
        feed.into(parser, ct);
        parser.finish();
        assertTrue(collector.isComplete());
        return collector.dataset();
    }
}
