package io.sagitta.core.net.pdu;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Encodes PDUs to bytes (PS3.8 section 9.3). Reserved fields are sent as zeros, AE titles padded with
 * spaces to 16 bytes, UIDs without padding.
 *
 * <p>The encoder never takes ownership of the PDU. The returned buffer is the caller's. For a
 * {@link PDataTf} it is a composite of small header buffers and retained duplicates of the PDV data:
 * payload bytes are not copied, and the caller still releases the {@code PDataTf} as before.
 */
public final class PduEncoder {

    private PduEncoder() {
    }

    /**
     * Encodes one PDU.
     *
     * @throws IllegalArgumentException for an {@link InvalidPdu}, or a value too long for its length field
     */
    public static ByteBuf encode(Pdu pdu, ByteBufAllocator alloc) {
        if (pdu instanceof PDataTf data) {
            return encodePData(data, alloc);
        }
        ByteBuf out = alloc.buffer(pdu instanceof AAssociateRq || pdu instanceof AAssociateAc ? 512 : 10);
        try {
            encodeTo(pdu, out);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /** Encodes a PDU other than P-DATA-TF into {@code out} (P-DATA-TF too, but then its payload is copied). */
    public static void encodeTo(Pdu pdu, ByteBuf out) {
        int start = out.writerIndex();
        out.writeByte(pdu.type());
        out.writeByte(0);
        out.writeInt(0); // length, set below
        if (pdu instanceof AAssociateRq rq) {
            writeAssociateFixed(out, rq.protocolVersion(), rq.calledAeTitle(), rq.callingAeTitle());
            writeUidItem(out, 0x10, rq.applicationContextName());
            for (PresentationContextRq pc : rq.presentationContexts()) {
                int item = beginItem(out, 0x20);
                out.writeByte(pc.id()).writeByte(0).writeByte(0).writeByte(0);
                writeUidItem(out, 0x30, pc.abstractSyntax());
                for (String ts : pc.transferSyntaxes()) {
                    writeUidItem(out, 0x40, ts);
                }
                endItem(out, item);
            }
            writeUserInformation(out, rq.userInformation());
        } else if (pdu instanceof AAssociateAc ac) {
            writeAssociateFixed(out, ac.protocolVersion(), ac.calledAeTitle(), ac.callingAeTitle());
            writeUidItem(out, 0x10, ac.applicationContextName());
            for (PresentationContextAc pc : ac.presentationContexts()) {
                int item = beginItem(out, 0x21);
                out.writeByte(pc.id()).writeByte(0).writeByte(pc.result()).writeByte(0);
                writeUidItem(out, 0x40, pc.transferSyntax());
                endItem(out, item);
            }
            writeUserInformation(out, ac.userInformation());
        } else if (pdu instanceof AAssociateRj rj) {
            out.writeByte(0).writeByte(rj.result()).writeByte(rj.source()).writeByte(rj.reason());
        } else if (pdu instanceof PDataTf data) {
            for (Pdv pdv : data.pdvs()) {
                ByteBuf d = pdv.data();
                out.writeInt(2 + d.readableBytes()).writeByte(pdv.presentationContextId()).writeByte(pdv.controlHeader());
                out.writeBytes(d, d.readerIndex(), d.readableBytes());
            }
        } else if (pdu instanceof AReleaseRq || pdu instanceof AReleaseRp) {
            out.writeInt(0);
        } else if (pdu instanceof AAbort abort) {
            out.writeByte(0).writeByte(0).writeByte(abort.source()).writeByte(abort.reason());
        } else {
            throw new IllegalArgumentException("cannot encode " + pdu);
        }
        out.setInt(start + 2, out.writerIndex() - start - 6);
    }

    private static ByteBuf encodePData(PDataTf data, ByteBufAllocator alloc) {
        long length = data.length();
        if (length > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("P-DATA-TF of " + length + " bytes does not fit its length field");
        }
        int n = data.pdvs().size();
        CompositeByteBuf out = alloc.compositeBuffer(2 * n + 1);
        try {
            for (int i = 0; i < n; i++) {
                Pdv pdv = data.pdvs().get(i);
                ByteBuf header = alloc.buffer(i == 0 ? 6 + Pdv.HEADER_LENGTH : Pdv.HEADER_LENGTH);
                if (i == 0) {
                    header.writeByte(Pdu.P_DATA_TF).writeByte(0).writeInt((int) length);
                }
                header.writeInt(2 + pdv.data().readableBytes()).writeByte(pdv.presentationContextId())
                    .writeByte(pdv.controlHeader());
                out.addComponent(true, header);
                out.addComponent(true, pdv.data().retainedDuplicate());
            }
            if (n == 0) {
                out.addComponent(true, alloc.buffer(6).writeByte(Pdu.P_DATA_TF).writeByte(0).writeInt(0));
            }
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    private static void writeAssociateFixed(ByteBuf out, int version, String called, String calling) {
        out.writeShort(version);
        out.writeShort(0);
        writeAeTitle(out, called);
        writeAeTitle(out, calling);
        out.writeZero(32);
    }

    private static void writeAeTitle(ByteBuf out, String title) {
        byte[] bytes = title.getBytes(StandardCharsets.ISO_8859_1);
        out.writeBytes(bytes);
        for (int i = bytes.length; i < 16; i++) {
            out.writeByte(' ');
        }
    }

    private static void writeUserInformation(ByteBuf out, UserInformation info) {
        int item = beginItem(out, 0x50);
        out.writeByte(0x51).writeByte(0).writeShort(4).writeInt((int) info.maxPduLength());
        if (info.implementationClassUid() != null) {
            writeUidItem(out, 0x52, info.implementationClassUid());
        }
        if (info.asyncOpsWindow() != null) {
            out.writeByte(0x53).writeByte(0).writeShort(4)
                .writeShort(info.asyncOpsWindow().maxOperationsInvoked())
                .writeShort(info.asyncOpsWindow().maxOperationsPerformed());
        }
        for (RoleSelection role : info.roleSelections()) {
            int sub = beginItem(out, 0x54);
            writeShortString(out, role.sopClassUid());
            out.writeByte(role.scu() ? 1 : 0).writeByte(role.scp() ? 1 : 0);
            endItem(out, sub);
        }
        if (info.implementationVersionName() != null) {
            writeUidItem(out, 0x55, info.implementationVersionName());
        }
        for (ExtendedNegotiation ext : info.extendedNegotiations()) {
            int sub = beginItem(out, 0x56);
            writeShortString(out, ext.sopClassUid());
            out.writeBytes(ext.applicationInformation());
            endItem(out, sub);
        }
        if (info.userIdentityRq() != null) {
            UserIdentityRq id = info.userIdentityRq();
            int sub = beginItem(out, 0x58);
            out.writeByte(id.identityType()).writeByte(id.positiveResponseRequested() ? 1 : 0);
            byte[] primary = id.primaryField();
            byte[] secondary = id.secondaryField();
            out.writeShort(primary.length).writeBytes(primary);
            out.writeShort(secondary.length).writeBytes(secondary);
            endItem(out, sub);
        }
        if (info.userIdentityAc() != null) {
            byte[] response = info.userIdentityAc().serverResponse();
            int sub = beginItem(out, 0x59);
            out.writeShort(response.length).writeBytes(response);
            endItem(out, sub);
        }
        endItem(out, item);
    }

    /** A 16-bit length then the string (role selection and extended negotiation SOP class UIDs). */
    private static void writeShortString(ByteBuf out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
        out.writeShort(bytes.length).writeBytes(bytes);
    }

    private static void writeUidItem(ByteBuf out, int type, String uid) {
        byte[] bytes = uid.getBytes(StandardCharsets.ISO_8859_1);
        if (bytes.length > 0xFFFF) {
            throw new IllegalArgumentException("item " + type + " value too long");
        }
        out.writeByte(type).writeByte(0).writeShort(bytes.length).writeBytes(bytes);
    }

    private static int beginItem(ByteBuf out, int type) {
        int at = out.writerIndex();
        out.writeByte(type).writeByte(0).writeShort(0);
        return at;
    }

    private static void endItem(ByteBuf out, int at) {
        int length = out.writerIndex() - at - 4;
        if (length > 0xFFFF) {
            throw new IllegalArgumentException("item " + out.getUnsignedByte(at) + " of " + length
                + " bytes does not fit its 16-bit length field");
        }
        out.setShort(at + 2, length);
    }
}
