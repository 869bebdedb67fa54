package io.sagitta.bench.load;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The workloads of {@code load --workload NAME}. */
public enum WorkloadKind {
    STORE("store", true),
    STOW("stow", true),
    QIDO("qido", false),
    WADO_STUDY("wado-study", false),
    WADO_METADATA("wado-metadata", false),
    FRAMES("frames", false),
    MIXED("mixed", false);

    private final String cliName;
    private final boolean ingestOnly;

    WorkloadKind(String cliName, boolean ingestOnly) {
        this.cliName = cliName;
        this.ingestOnly = ingestOnly;
    }

    public String cliName() {
        return cliName;
    }

    /** Store and STOW run once over the generated studies; the others first seed them, then run for a count or a time. */
    public boolean ingestOnly() {
        return ingestOnly;
    }

    public static WorkloadKind of(String name) {
        for (WorkloadKind k : values()) {
            if (k.cliName.equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("--workload must be one of " + names() + ", not " + name);
    }

    public static String names() {
        return Arrays.stream(values()).map(WorkloadKind::cliName).collect(Collectors.joining("|"));
    }

    public Workload create() {
        switch (this) {
            case STORE:
                return new StoreWorkload();
            case STOW:
                return new StowWorkload();
            case QIDO:
                return new QidoWorkload();
            case WADO_STUDY:
                return new WadoStudyWorkload();
            case WADO_METADATA:
                return new WadoMetadataWorkload();
            case FRAMES:
                return new FramesWorkload();
            default:
                return new MixedWorkload();
        }
    }
}
