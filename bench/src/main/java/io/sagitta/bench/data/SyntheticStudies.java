package io.sagitta.bench.data;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.VR;
import io.sagitta.core.io.DatasetWriter;
import io.sagitta.core.io.DatasetWriterOptions;
import io.sagitta.core.io.Part10Writer;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

/**
 * The studies of one load run, generated in memory on demand: study {@code s} (0-based) holds one
 * series of {@code instancesPerStudy} instances of the given shape, each header the CT header of
 * {@link CtHeader} with the identity of its patient, study, series and instance put in.
 *
 * <p>UIDs sit under a root {@code 2.25.<n>} where {@code n} mixes a random nonce (so two runs never
 * collide in an archive that keeps what it got) with the seed; patient names, dates and pixels come
 * from the seed alone. Thread-safe: each call builds its own header; the pixel array is shared.
 */
public final class SyntheticStudies {

    /** First day of the synthetic study dates; studies spread over the 366 days of 2024. */
    public static final LocalDate FIRST_STUDY_DATE = LocalDate.of(2024, 1, 1);

    private static final DatasetWriter WRITER = DatasetWriter.create(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
        new DatasetWriterOptions().definedLengthSequences(true));
    private static final Part10Writer META_WRITER = Part10Writer.create();
    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;

    private final InstanceShape shape;
    private final int instancesPerStudy;
    private final long seed;
    private final String root;
    private final String runTag;
    private final byte[] pixels;

    private SyntheticStudies(InstanceShape shape, int instancesPerStudy, long seed, BigInteger rootNumber) {
        if (instancesPerStudy < 1) {
            throw new IllegalArgumentException("instances per study must be at least 1");
        }
        this.shape = shape;
        this.instancesPerStudy = instancesPerStudy;
        this.seed = seed;
        this.root = "2.25." + rootNumber;
        String digits = rootNumber.toString();
        this.runTag = digits.substring(Math.max(0, digits.length() - 6));
        this.pixels = pixels(shape);
    }

    /** Studies under a fresh random root. */
    public static SyntheticStudies create(InstanceShape shape, int instancesPerStudy, long seed) {
        byte[] nonce = new byte[12];
        new SecureRandom().nextBytes(nonce);
        return create(shape, instancesPerStudy, seed, nonce);
    }

    /** Studies under the root made from {@code nonce} (12 bytes) and the seed: the same arguments give the same UIDs. */
    public static SyntheticStudies create(InstanceShape shape, int instancesPerStudy, long seed, byte[] nonce) {
        byte[] mixed = nonce.clone();
        SplittableRandom fromSeed = new SplittableRandom(seed);
        for (int i = 0; i < mixed.length; i++) {
            mixed[i] ^= (byte) fromSeed.nextInt(256);
        }
        BigInteger n = new BigInteger(1, mixed);
        return new SyntheticStudies(shape, instancesPerStudy, seed, n.signum() == 0 ? BigInteger.ONE : n);
    }

    public InstanceShape shape() {
        return shape;
    }

    public int instancesPerStudy() {
        return instancesPerStudy;
    }

    public String uidRoot() {
        return root;
    }

    public String studyUid(int study) {
        return root + ".1." + study;
    }

    public String seriesUid(int study) {
        return root + ".2." + study;
    }

    public String sopInstanceUid(int study, int instance) {
        return root + ".3." + study + "." + instance;
    }

    /** The family name is {@link #patientPrefix()}, the same for every patient of the run; the given name is the study's. */
    public String patientName(int study) {
        return patientPrefix() + "^S" + study;
    }

    /**
     * The start of every patient name of this run, for a wildcard query ({@code prefix + "*"}). No
     * component separator in it: Orthanc 1.10 matches nothing for a pattern holding a caret.
     */
    public String patientPrefix() {
        return "BENCH" + runTag;
    }

    /** The study date of study {@code s}, drawn from the seed. */
    public LocalDate studyDate(int study) {
        return FIRST_STUDY_DATE.plusDays(new SplittableRandom(seed ^ (study * 0x9E3779B97F4A7C15L)).nextInt(366));
    }

    /** Instance {@code instance} (0-based) of study {@code study}. */
    public GeneratedInstance instance(int study, int instance) {
        if (instance < 0 || instance >= instancesPerStudy) {
            throw new IllegalArgumentException("instance " + instance + " of " + instancesPerStudy);
        }
        Dataset d = header(study, instance);
        String sop = d.getString(Tag.SOPInstanceUID);
        ByteBuf out = Unpooled.buffer(16 * 1024);
        try {
            WRITER.write(d, out);
            // The Pixel Data element header; its value is the shared pixel array.
            out.writeShortLE(0x7FE0).writeShortLE(0x0010);
            out.writeShort((shape.bitsAllocated() == 8 ? VR.OB : VR.OW).code).writeShortLE(0);
            out.writeIntLE((int) shape.pixelBytes()); // unsigned 32-bit; InstanceShape keeps it below 0xFFFFFFFF
            byte[] header = ByteBufUtil.getBytes(out);
            out.clear();
            META_WRITER.writeHeader(Part10Writer.fileMetaInformation(shape.sopClassUid(), sop,
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), out);
            byte[] meta = ByteBufUtil.getBytes(out);
            return new GeneratedInstance(studyUid(study), seriesUid(study), sop, shape.sopClassUid(), meta, header,
                pixels, shape.frames());
        } finally {
            out.release();
        }
    }

    private Dataset header(int study, int instance) {
        boolean multiFrame = shape.frames() > 1;
        Dataset d = multiFrame ? CtHeader.multiFrame(shape.rows(), shape.columns(), shape.frames())
            : CtHeader.ctImage(shape.rows(), shape.columns());
        String date = DA.format(studyDate(study));
        d.setString(Tag.SOPClassUID, VR.UI, shape.sopClassUid());
        d.setString(Tag.SOPInstanceUID, VR.UI, sopInstanceUid(study, instance));
        d.setString(Tag.StudyInstanceUID, VR.UI, studyUid(study));
        d.setString(Tag.SeriesInstanceUID, VR.UI, seriesUid(study));
        d.setString(Tag.FrameOfReferenceUID, VR.UI, root + ".4." + study);
        d.setString(Tag.Modality, VR.CS, shape.modality());
        d.setString(Tag.PatientName, VR.PN, patientName(study));
        d.setString(Tag.PatientID, VR.LO, "R" + runTag + "-" + study);
        d.setString(Tag.AccessionNumber, VR.SH, "A" + runTag + study);
        d.setString(Tag.StudyID, VR.SH, "S" + study);
        for (int tag : new int[] {Tag.StudyDate, Tag.SeriesDate, Tag.AcquisitionDate, Tag.ContentDate}) {
            d.setString(tag, VR.DA, date);
        }
        d.setInt(Tag.InstanceNumber, VR.IS, instance + 1);
        if (!multiFrame) {
            // A multi-frame instance has its positions per frame, in the functional groups.
            double z = -100.0 - 1.25 * instance;
            d.setDouble(Tag.ImagePositionPatient, VR.DS, -179.65, -179.65, z);
            d.setDouble(Tag.SliceLocation, VR.DS, z);
        }
        if (shape.bitsAllocated() == 8) {
            d.setInt(Tag.BitsAllocated, VR.US, 8);
            d.setInt(Tag.BitsStored, VR.US, 8);
            d.setInt(Tag.HighBit, VR.US, 7);
            d.setInt(Tag.LargestImagePixelValue, VR.US, 255);
        }
        return d;
    }

    /** One frame for the run (every frame is this one): the CT phantom of {@link SyntheticInstances}, scaled down to 8 bits if asked. */
    private static byte[] pixels(InstanceShape shape) {
        byte[] sixteen = SyntheticInstances.pixels(shape.rows(), shape.columns(), 1);
        if (shape.bitsAllocated() == 16) {
            return sixteen;
        }
        byte[] eight = new byte[shape.frameBytes()];
        for (int i = 0, n = sixteen.length / 2; i < n; i++) {
            int value = (sixteen[2 * i] & 0xFF) | (sixteen[2 * i + 1] & 0xFF) << 8;
            eight[i] = (byte) (value >>> 4);
        }
        return eight;
    }
}
