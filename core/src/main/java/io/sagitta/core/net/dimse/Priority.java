package io.sagitta.core.net.dimse;

/** Priority values (PS3.7 section E.1, tag (0000,0700)). */
public final class Priority {

    public static final int MEDIUM = 0x0000;
    public static final int HIGH = 0x0001;
    public static final int LOW = 0x0002;

    private Priority() {
    }
}
