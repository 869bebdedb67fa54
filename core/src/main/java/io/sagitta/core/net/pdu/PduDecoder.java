package io.sagitta.core.net.pdu;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A push-fed PDU decoder (PS3.8 section 9.3). It does no I/O: the caller keeps the bytes received so
 * far (e.g. the cumulation of a Netty {@code ByteToMessageDecoder}) and calls {@link #decode(ByteBuf)}
 * until it returns null.
 *
 * <ul>
 *   <li>Need more: returns null. An incomplete 6-byte header is not consumed; a complete header is
 *       consumed, checked against the limits at once, and remembered until the whole body is there.
 *       The body is then parsed in place.</li>
 *   <li>Bad input: returns an {@link InvalidPdu} (once) that names the A-ABORT reason, and the decoder
 *       fails: it skips everything it is given afterwards and returns null. No exception leaves it.</li>
 *   <li>P-DATA-TF: each PDV's data is a retained slice of the input, not a copy. The receiver of the
 *       {@link PDataTf} releases it.</li>
 *   <li>Reserved fields are ignored, as PS3.8 requires. Unknown user information sub-items are skipped
 *       (PS3.7 D.3.3 lets new ones appear); an unknown item anywhere else is an unrecognized PDU
 *       parameter.</li>
 * </ul>
 *
 * <p>Not thread-safe: one decoder per connection.
 */
public final class PduDecoder {

    private enum State {
        /** Waiting for a 6-byte PDU header. */
        HEADER,
        /** Header read; waiting for {@code length} body bytes. */
        BODY,
        /** An invalid PDU was reported: the rest of the input is skipped. */
        FAILED
    }

    private static final int HEADER_LENGTH = 6;
    /** Fixed part of A-ASSOCIATE-RQ/AC: version, reserved, two AE titles, 32 reserved bytes. */
    private static final int ASSOCIATE_FIXED = 68;

    private final PduDecoderOptions options;
    private State state = State.HEADER;
    private int type;
    private int length;

    public PduDecoder(PduDecoderOptions options) {
        this.options = options;
    }

    public PduDecoder() {
        this(PduDecoderOptions.create());
    }

    /** True once an {@link InvalidPdu} has been returned. */
    public boolean isFailed() {
        return state == State.FAILED;
    }

    /**
     * Decodes the next PDU from {@code in}, advancing its reader index past what was used.
     *
     * @return the PDU, an {@link InvalidPdu}, or null when more bytes are needed (or the decoder has failed)
     */
    public Pdu decode(ByteBuf in) {
        switch (state) {
            case HEADER: {
                if (in.readableBytes() < HEADER_LENGTH) {
                    return null;
                }
                int r = in.readerIndex();
                int pduType = in.getUnsignedByte(r);
                long pduLength = in.getUnsignedInt(r + 2);
                InvalidPdu bad = checkHeader(pduType, pduLength);
                if (bad != null) {
                    return fail(in, bad);
                }
                in.skipBytes(HEADER_LENGTH);
                type = pduType;
                length = (int) pduLength;
                state = State.BODY;
            }
            // fall through: the body may be there already
            case BODY: {
                if (in.readableBytes() < length) {
                    return null;
                }
                ByteBuf body = in.readSlice(length);
                state = State.HEADER;
                Pdu pdu = parseBody(type, body);
                return pdu instanceof InvalidPdu invalid ? fail(in, invalid) : pdu;
            }
            case FAILED:
            default:
                in.skipBytes(in.readableBytes());
                return null;
        }
    }

    private InvalidPdu fail(ByteBuf in, InvalidPdu invalid) {
        state = State.FAILED;
        in.skipBytes(in.readableBytes());
        return invalid;
    }

    /** Everything that can be said from the header alone, before waiting for (or keeping) the body. */
    private InvalidPdu checkHeader(int pduType, long pduLength) {
        long limit;
        switch (pduType) {
            case Pdu.A_ASSOCIATE_RQ, Pdu.A_ASSOCIATE_AC -> {
                if (pduLength < ASSOCIATE_FIXED) {
                    return invalid("A-ASSOCIATE PDU-length " + pduLength + " is shorter than its fixed fields");
                }
                limit = options.maxAssociateLength();
            }
            case Pdu.P_DATA_TF -> limit = options.maxPDataLength();
            case Pdu.A_ASSOCIATE_RJ, Pdu.A_RELEASE_RQ, Pdu.A_RELEASE_RP, Pdu.A_ABORT -> {
                if (pduLength != 4) {
                    return invalid("PDU type " + hex(pduType) + " must have length 4, not " + pduLength);
                }
                limit = 4;
            }
            default -> {
                return new InvalidPdu(AAbort.UNRECOGNIZED_PDU, "unrecognized PDU type " + hex(pduType));
            }
        }
        if (pduLength > limit) {
            return invalid("PDU type " + hex(pduType) + " of " + pduLength + " bytes exceeds the limit of " + limit);
        }
        return null;
    }

    private static Pdu parseBody(int pduType, ByteBuf body) {
        try {
            return switch (pduType) {
                case Pdu.A_ASSOCIATE_RQ, Pdu.A_ASSOCIATE_AC -> parseAssociate(pduType, body);
                case Pdu.A_ASSOCIATE_RJ -> new AAssociateRj(body.getUnsignedByte(1), body.getUnsignedByte(2),
                    body.getUnsignedByte(3));
                case Pdu.P_DATA_TF -> parsePData(body);
                case Pdu.A_RELEASE_RQ -> AReleaseRq.INSTANCE;
                case Pdu.A_RELEASE_RP -> AReleaseRp.INSTANCE;
                case Pdu.A_ABORT -> new AAbort(body.getUnsignedByte(2), body.getUnsignedByte(3));
                default -> throw new IllegalStateException("checked in header: " + pduType);
            };
        } catch (Malformed e) {
            return new InvalidPdu(e.reason, e.getMessage());
        } catch (IllegalArgumentException e) {
            // A value the model refuses (blank AE title, over-long version name, ...).
            return invalid(e.getMessage());
        }
    }

    // ------------------------------------------------------------------ P-DATA-TF

    private static PDataTf parsePData(ByteBuf body) {
        int end = body.writerIndex();
        if (end == 0) {
            throw malformed(AAbort.INVALID_PDU_PARAMETER_VALUE, "P-DATA-TF without a PDV");
        }
        List<Pdv> pdvs = new ArrayList<>(2);
        try {
            int pos = 0;
            while (pos < end) {
                if (end - pos < Pdv.HEADER_LENGTH) {
                    throw malformed(AAbort.INVALID_PDU_PARAMETER_VALUE, "truncated PDV header at " + pos);
                }
                long itemLength = body.getUnsignedInt(pos);
                if (itemLength < 2 || itemLength > end - pos - 4) {
                    throw malformed(AAbort.INVALID_PDU_PARAMETER_VALUE,
                        "PDV item length " + itemLength + " at " + pos + " does not fit the PDU");
                }
                int pcid = body.getUnsignedByte(pos + 4);
                int control = body.getUnsignedByte(pos + 5);
                // Bits 2-7 of the message control header are reserved: ignored.
                ByteBuf data = body.retainedSlice(pos + Pdv.HEADER_LENGTH, (int) itemLength - 2);
                pdvs.add(new Pdv(pcid, (control & 1) != 0, (control & 2) != 0, data));
                pos += 4 + (int) itemLength;
            }
            return new PDataTf(pdvs);
        } catch (RuntimeException e) {
            pdvs.forEach(Pdv::release);
            throw e;
        }
    }

    // ------------------------------------------------------------------ A-ASSOCIATE-RQ / -AC

    private static Pdu parseAssociate(int pduType, ByteBuf body) {
        boolean rq = pduType == Pdu.A_ASSOCIATE_RQ;
        int version = body.getUnsignedShort(0);
        String called = text(body, 4, 16);
        String calling = text(body, 20, 16);
        String applicationContext = null;
        List<PresentationContextRq> rqContexts = new ArrayList<>();
        List<PresentationContextAc> acContexts = new ArrayList<>();
        UserInformation userInformation = null;
        int end = body.writerIndex();
        int pos = ASSOCIATE_FIXED;
        while (pos < end) {
            int itemType = body.getUnsignedByte(pos);
            int itemLength = itemLength(body, pos, end);
            int value = pos + 4;
            switch (itemType) {
                case 0x10 -> {
                    if (applicationContext != null) {
                        throw malformed(AAbort.UNEXPECTED_PDU_PARAMETER, "second application context item");
                    }
                    applicationContext = uid(body, value, itemLength, "application context name");
                }
                case 0x20 -> {
                    if (!rq) {
                        throw malformed(AAbort.UNEXPECTED_PDU_PARAMETER, "presentation context RQ item in an A-ASSOCIATE-AC");
                    }
                    PresentationContextRq pc = parseContextRq(body, value, itemLength);
                    for (PresentationContextRq other : rqContexts) {
                        if (other.id() == pc.id()) {
                            throw malformed(AAbort.INVALID_PDU_PARAMETER_VALUE, "duplicate presentation context id " + pc.id());
                        }
                    }
                    rqContexts.add(pc);
                }
                case 0x21 -> {
                    if (rq) {
                        throw malformed(AAbort.UNEXPECTED_PDU_PARAMETER, "presentation context AC item in an A-ASSOCIATE-RQ");
                    }
                    acContexts.add(parseContextAc(body, value, itemLength));
                }
                case 0x50 -> {
                    if (userInformation != null) {
                        throw malformed(AAbort.UNEXPECTED_PDU_PARAMETER, "second user information item");
                    }
                    userInformation = parseUserInformation(body, value, itemLength, rq);
                }
                case 0x30, 0x40, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59 ->
                    throw malformed(AAbort.UNEXPECTED_PDU_PARAMETER, "sub-item " + hex(itemType) + " outside its item");
                default -> throw malformed(AAbort.UNRECOGNIZED_PDU_PARAMETER, "unrecognized item type " + hex(itemType));
            }
            pos = value + itemLength;
        }
        if (applicationContext == null || userInformation == null) {
            throw malformed(AAbort.INVALID_PDU_PARAMETER_VALUE, "missing application context or user information item");
        }
        if (rq ? rqContexts.isEmpty() : acContexts.isEmpty()) {
            throw malformed(AAbort.INVALID_PDU_PARAMETER_VALUE, "no presentation context item");
        }
        return rq
            ? new AAssociateRq(version, called, calling, applicationContext, rqContexts, userInformation)
            : new AAssociateAc(version, called, calling, applicationContext, acContexts, userInformation);
    }

    private static PresentationContextRq parseContextRq(ByteBuf body, int start, int length) {
        if (length < 4) {
            throw malformed(AAbort.INVALID_PDU_PARAMETER_VALUE, "presentation context item of " + length + " bytes");
        }
        int id = body.getUnsignedByte(start);
        if ((id & 1) == 0) {
            throw malformed(AAbort.INVALID_PDU_PARAMETER_VALUE, "presentation context id " + id + " is not odd");
        }
        String abstractSyntax = null;
        List<String> transferSyntaxes = new ArrayList<>(4);
        int end = start + length;
        int pos = start + 4;
        while (pos < end) {
            int subType = body.getUnsignedByte(pos);
            int subLength = itemLength(body, pos, end);
            switch (subType) {
                case 0x30 -> {
                    if (abstractSyntax != null) {
                        throw malformed(AAbort.UNEXPECTED_PDU_PARAMETER, "second abstract syntax in context " + id);
                    }
                    abstractSyntax = uid(body, pos + 4, subLength, "abstract syntax");
                }
                case 0x40 -> transferSyntaxes.add(uid(body, pos + 4, subLength, "transfer syntax"));
                default -> throw unknownSubItem(subType);
            }
            pos += 4 + subLength;
        }
        if (abstractSyntax == null || transferSyntaxes.isEmpty()) {
            throw malformed(AAbort.INVALID_PDU_PARAMETER_VALUE,
                "presentation context " + id + " lacks an abstract syntax or a transfer syntax");
        }
        return new PresentationContextRq(id, abstractSyntax, transferSyntaxes);
    }

    private static PresentationContextAc parseContextAc(ByteBuf body, int start, int length) {
        if (length < 4) {
            throw malformed(AAbort.INVALID_PDU_PARAMETER_VALUE, "presentation context item of " + length + " bytes");
        }
        int id = body.getUnsignedByte(start);
        int result = body.getUnsignedByte(start + 2);
        String transferSyntax = null;
        int end = start + length;
        int pos = start + 4;
        while (pos < end) {
            int subType = body.getUnsignedByte(pos);
            int subLength = itemLength(body, pos, end);
            if (subType != 0x40) {
                throw unknownSubItem(subType);
            }
            if (transferSyntax != null) {
                throw malformed(AAbort.UNEXPECTED_PDU_PARAMETER, "second transfer syntax in context " + id);
            }
            transferSyntax = text(body, pos + 4, subLength);
            pos += 4 + subLength;
        }
        if (result == PresentationContextAc.ACCEPTANCE && (transferSyntax == null || transferSyntax.isEmpty())) {
            throw malformed(AAbort.INVALID_PDU_PARAMETER_VALUE, "accepted presentation context " + id + " without a transfer syntax");
        }
        // The transfer syntax of a rejected context is not significant (PS3.8 9.3.3.2).
        return new PresentationContextAc(id, result, result == PresentationContextAc.ACCEPTANCE ? transferSyntax : "");
    }

    private static UserInformation parseUserInformation(ByteBuf body, int start, int length, boolean rq) {
        long maxLength = -1;
        String classUid = null;
        String versionName = null;
        AsyncOpsWindow window = null;
        List<RoleSelection> roles = new ArrayList<>();
        List<ExtendedNegotiation> extended = new ArrayList<>();
        UserIdentityRq identityRq = null;
        UserIdentityAc identityAc = null;
        int end = start + length;
        int pos = start;
        while (pos < end) {
            int subType = body.getUnsignedByte(pos);
            int subLength = itemLength(body, pos, end);
            int v = pos + 4;
            switch (subType) {
                case 0x51 -> {
                    expect(subLength == 4 && maxLength < 0, "maximum length", subType);
                    maxLength = body.getUnsignedInt(v);
                }
                case 0x52 -> {
                    expect(classUid == null, "implementation class UID", subType);
                    classUid = uid(body, v, subLength, "implementation class UID");
                }
                case 0x53 -> {
                    expect(subLength == 4 && window == null, "asynchronous operations window", subType);
                    window = new AsyncOpsWindow(body.getUnsignedShort(v), body.getUnsignedShort(v + 2));
                }
                case 0x54 -> {
                    int uidLength = subLength >= 2 ? body.getUnsignedShort(v) : -1;
                    expect(uidLength >= 0 && subLength == 2 + uidLength + 2, "role selection", subType);
                    roles.add(new RoleSelection(uid(body, v + 2, uidLength, "role selection SOP class"),
                        body.getUnsignedByte(v + 2 + uidLength) != 0, body.getUnsignedByte(v + 3 + uidLength) != 0));
                }
                case 0x55 -> {
                    expect(versionName == null, "implementation version name", subType);
                    versionName = text(body, v, subLength);
                }
                case 0x56 -> {
                    int uidLength = subLength >= 2 ? body.getUnsignedShort(v) : -1;
                    expect(uidLength >= 0 && 2 + uidLength <= subLength, "extended negotiation", subType);
                    byte[] info = new byte[subLength - 2 - uidLength];
                    body.getBytes(v + 2 + uidLength, info);
                    extended.add(new ExtendedNegotiation(uid(body, v + 2, uidLength, "extended negotiation SOP class"), info));
                }
                case 0x58 -> {
                    expect(rq && identityRq == null && subLength >= 6, "user identity", subType);
                    int primaryLength = body.getUnsignedShort(v + 2);
                    expect(4 + primaryLength + 2 <= subLength, "user identity", subType);
                    int secondaryLength = body.getUnsignedShort(v + 4 + primaryLength);
                    expect(subLength == 4 + primaryLength + 2 + secondaryLength, "user identity", subType);
                    byte[] primary = new byte[primaryLength];
                    byte[] secondary = new byte[secondaryLength];
                    body.getBytes(v + 4, primary);
                    body.getBytes(v + 6 + primaryLength, secondary);
                    identityRq = new UserIdentityRq(body.getUnsignedByte(v), body.getUnsignedByte(v + 1) != 0, primary, secondary);
                }
                case 0x59 -> {
                    expect(!rq && identityAc == null && subLength >= 2
                        && subLength == 2 + body.getUnsignedShort(v), "user identity response", subType);
                    byte[] response = new byte[subLength - 2];
                    body.getBytes(v + 2, response);
                    identityAc = new UserIdentityAc(response);
                }
                default -> {
                    // 0x57 (SOP class common extended negotiation) and anything newer: skipped.
                }
            }
            pos = v + subLength;
        }
        return new UserInformation(Math.max(maxLength, 0), classUid, versionName, window, roles, extended,
            identityRq, identityAc);
    }

    // ------------------------------------------------------------------ helpers

    /** The 16-bit length of the item at {@code pos}, checked to fit before {@code end}. */
    private static int itemLength(ByteBuf body, int pos, int end) {
        if (end - pos < 4) {
            throw malformed(AAbort.INVALID_PDU_PARAMETER_VALUE, "truncated item header at " + pos);
        }
        int itemLength = body.getUnsignedShort(pos + 2);
        if (itemLength > end - pos - 4) {
            throw malformed(AAbort.INVALID_PDU_PARAMETER_VALUE,
                "item " + hex(body.getUnsignedByte(pos)) + " of " + itemLength + " bytes overruns its container");
        }
        return itemLength;
    }

    private static void expect(boolean ok, String what, int subType) {
        if (!ok) {
            throw malformed(AAbort.INVALID_PDU_PARAMETER_VALUE, "invalid or repeated " + what + " sub-item " + hex(subType));
        }
    }

    private static Malformed unknownSubItem(int subType) {
        boolean known = subType == 0x10 || subType == 0x20 || subType == 0x21 || subType == 0x30 || subType == 0x40
            || (subType >= 0x50 && subType <= 0x59);
        return known
            ? malformed(AAbort.UNEXPECTED_PDU_PARAMETER, "item " + hex(subType) + " inside a presentation context")
            : malformed(AAbort.UNRECOGNIZED_PDU_PARAMETER, "unrecognized sub-item " + hex(subType));
    }

    /** Text in the default repertoire, without padding (spaces, and the NUL some peers add to UIDs). */
    private static String text(ByteBuf body, int start, int length) {
        int end = start + length;
        while (end > start && (body.getByte(end - 1) == 0 || body.getByte(end - 1) == ' ')) {
            end--;
        }
        while (start < end && body.getByte(start) == ' ') {
            start++;
        }
        return body.toString(start, end - start, StandardCharsets.ISO_8859_1);
    }

    private static String uid(ByteBuf body, int start, int length, String what) {
        String uid = text(body, start, length);
        if (uid.isEmpty() || uid.length() > 64) {
            throw malformed(AAbort.INVALID_PDU_PARAMETER_VALUE, what + " must be 1 to 64 characters");
        }
        return uid;
    }

    private static InvalidPdu invalid(String message) {
        return new InvalidPdu(AAbort.INVALID_PDU_PARAMETER_VALUE, message);
    }

    private static String hex(int b) {
        return String.format("%02XH", b);
    }

    private static Malformed malformed(int reason, String message) {
        return new Malformed(reason, message);
    }

    /** Internal control flow out of the nested item parsers; never leaves this class. */
    private static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int reason;

        Malformed(int reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}
