package io.sagitta.dicomweb;

import static io.sagitta.dicomweb.Instances.instance;

import io.sagitta.core.data.Dataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One archive with known content shared by the route tests (PostgreSQL starts once per test run;
 * JUnit closes it at the end), served under three mount points:
 * <ul>
 *   <li>{@code /dicom-web}: defaults (server-relative URLs, no CORS, no maximum);
 *   <li>{@code /abs/dicom-web}: absolute base URL {@value #ABSOLUTE_BASE} and CORS for {@value #VIEWER_ORIGIN};
 *   <li>{@code /capped/dicom-web}: at most 3 QIDO-RS results.
 * </ul>
 * Content: S1 (Doe^John, 2020-01-15, CT: series 1 with 3 instances, series 2 with 2), S2
 * (Müller^Jürgen, 2021-03-10, MR series 1 with 2 instances, CT series 2 with 1), S3 (Smith^Jane,
 * 2022-12-01, MR, 1 instance) and BIG (Bulk^Big, 2023-01-01, one CT series of {@value #BIG_SIZE} instances).
 * Test methods must not change it.
 */
public final class SeededArchive {

    public static final String ABSOLUTE_BASE = "http://pacs.example.org/dicom-web";
    public static final String VIEWER_ORIGIN = "https://viewer.example.org";
    public static final int BIG_SIZE = 2000;

    private static final String ROOT = "1.2.826.0.1.3680043.10.543.";
    public static final String S1 = ROOT + "1";
    public static final String S1_SERIES1 = S1 + ".1";
    public static final String S1_SERIES2 = S1 + ".2";
    public static final String S2 = ROOT + "2";
    public static final String S2_SERIES1 = S2 + ".1";
    public static final String S2_SERIES2 = S2 + ".2";
    public static final String S3 = ROOT + "3";
    public static final String S3_SERIES1 = S3 + ".1";
    public static final String BIG = ROOT + "9";
    public static final String BIG_SERIES = BIG + ".1";
    /** The S1 instance with sequences: a ReferencedSeriesSequence naming this series, and bulk data in an icon. */
    public static final String OTHER_SERIES = ROOT + "77.1";

    public final TestArchive archive;

    private SeededArchive() throws IOException {
        archive = new TestArchive(TestArchive.mounts(
            "/dicom-web", DicomWebOptions.DEFAULT,
            "/abs/dicom-web", DicomWebOptions.builder().baseUrl(ABSOLUTE_BASE + "/").corsAllowedOrigins(List.of(VIEWER_ORIGIN)).build(),
            "/capped/dicom-web", DicomWebOptions.builder().maxQueryResults(3).build()));
        // Stored out of order on purpose: answers within a study come in series and instance number order.
        archive.record(Instances.withSequences(instance("Doe^John", "P1", S1, "20200115", S1_SERIES1, 1, "CT", S1_SERIES1 + ".1", 1),
            OTHER_SERIES));
        archive.record(instance("Doe^John", "P1", S1, "20200115", S1_SERIES2, 2, "CT", S1_SERIES2 + ".2", 2));
        archive.record(instance("Doe^John", "P1", S1, "20200115", S1_SERIES1, 1, "CT", S1_SERIES1 + ".3", 3));
        archive.record(instance("Doe^John", "P1", S1, "20200115", S1_SERIES2, 2, "CT", S1_SERIES2 + ".1", 1));
        archive.record(instance("Doe^John", "P1", S1, "20200115", S1_SERIES1, 1, "CT", S1_SERIES1 + ".2", 2));
        archive.record(instance("Müller^Jürgen", "P2", S2, "20210310", S2_SERIES2, 2, "CT", S2_SERIES2 + ".1", 1));
        archive.record(instance("Müller^Jürgen", "P2", S2, "20210310", S2_SERIES1, 1, "MR", S2_SERIES1 + ".1", 1));
        archive.record(instance("Müller^Jürgen", "P2", S2, "20210310", S2_SERIES1, 1, "MR", S2_SERIES1 + ".2", 2));
        archive.record(instance("Smith^Jane", "P3", S3, "20221201", S3_SERIES1, 1, "MR", S3_SERIES1 + ".1", 1));
        List<Dataset> big = new ArrayList<>();
        for (int i = 1; i <= BIG_SIZE; i++) {
            big.add(instance("Bulk^Big", "P9", BIG, "20230101", BIG_SERIES, 1, "CT", BIG_SERIES + "." + i, i));
        }
        archive.recordAll(big);
    }

    /** Resolves {@link SeededArchive} parameters (of {@code @BeforeAll} methods) to the one shared archive. */
    public static final class Resolver implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == SeededArchive.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
            return store.getOrComputeIfAbsent(SeededArchive.class, k -> {
                try {
                    return new Closing(new SeededArchive());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, Closing.class).seeded;
        }
    }

    /** What JUnit closes when the whole run ends. */
    private static final class Closing implements AutoCloseable {
        final SeededArchive seeded;

        Closing(SeededArchive seeded) {
            this.seeded = seeded;
        }

        @Override
        public void close() throws IOException {
            seeded.archive.close();
        }
    }

}
