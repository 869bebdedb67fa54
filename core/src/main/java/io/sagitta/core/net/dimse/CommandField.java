package io.sagitta.core.net.dimse;

/** DIMSE-C command field values (PS3.7 section E.1, tag (0000,0100)). Responses have bit 15 set. */
public enum CommandField {
    C_STORE_RQ(0x0001),
    C_STORE_RSP(0x8001),
    C_GET_RQ(0x0010),
    C_GET_RSP(0x8010),
    C_FIND_RQ(0x0020),
    C_FIND_RSP(0x8020),
    C_MOVE_RQ(0x0021),
    C_MOVE_RSP(0x8021),
    C_ECHO_RQ(0x0030),
    C_ECHO_RSP(0x8030),
    C_CANCEL_RQ(0x0FFF);

    public final int code;

    CommandField(int code) {
        this.code = code;
    }

    public boolean isResponse() {
        return (code & 0x8000) != 0;
    }

    /** The response to this request; C-CANCEL-RQ has none. */
    public CommandField response() {
        if (isResponse() || this == C_CANCEL_RQ) {
            throw new IllegalStateException(this + " has no response");
        }
        return ofCode(code | 0x8000);
    }

    /** The command field for a code, or null if it is not a DIMSE-C command. */
    public static CommandField ofCode(int code) {
        for (CommandField f : values()) {
            if (f.code == code) {
                return f;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return name().replace('_', '-');
    }
}
