package io.sagitta.core.net.pdu;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/** Sample PDUs, and a driver that feeds bytes to a decoder the way a channel would. */
final class PduSamples {

    static final String VERIFICATION = "1.2.840.10008.1.1";
    static final String CT_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
    static final String IMPLICIT = "1.2.840.10008.1.2";
    static final String EXPLICIT = "1.2.840.10008.1.2.1";

    private PduSamples() {
    }

    static AAssociateRq fullRq() {
        UserInformation info = UserInformation.of(16384, "1.2.3.4", "SAGITTA_TEST")
            .withAsyncOpsWindow(new AsyncOpsWindow(5, 1))
            .withRoleSelections(List.of(new RoleSelection(CT_STORAGE, true, true)))
            .withExtendedNegotiations(List.of(new ExtendedNegotiation(CT_STORAGE, new byte[] {1, 0, 1})))
            .withUserIdentityRq(UserIdentityRq.usernameAndPasscode("alice", "s3cret", true));
        return AAssociateRq.of("ARCHIVE", "MODALITY", List.of(
            PresentationContextRq.of(1, VERIFICATION, IMPLICIT),
            PresentationContextRq.of(3, CT_STORAGE, EXPLICIT, IMPLICIT)), info);
    }

    static AAssociateAc fullAc() {
        UserInformation info = UserInformation.of(32768, "1.2.3.5", null)
            .withAsyncOpsWindow(new AsyncOpsWindow(1, 1))
            .withRoleSelections(List.of(new RoleSelection(CT_STORAGE, true, false)))
            .withUserIdentityAc(new UserIdentityAc(new byte[] {'o', 'k'}));
        return new AAssociateAc(1, "ARCHIVE", "MODALITY", AAssociateAc.DICOM_APPLICATION_CONTEXT, List.of(
            PresentationContextAc.accepted(1, IMPLICIT),
            PresentationContextAc.rejected(3, PresentationContextAc.TRANSFER_SYNTAXES_NOT_SUPPORTED)), info);
    }

    /** Every kind of PDU that needs no buffer. */
    static List<Pdu> valuePdus() {
        return List.of(fullRq(), fullAc(),
            new AAssociateRj(AAssociateRj.RESULT_REJECTED_PERMANENT, AAssociateRj.SOURCE_SERVICE_USER,
                AAssociateRj.USER_CALLED_AE_TITLE_NOT_RECOGNIZED),
            AReleaseRq.INSTANCE, AReleaseRp.INSTANCE, AAbort.byProvider(AAbort.UNEXPECTED_PDU), AAbort.byUser());
    }

    static byte[] encodeToArray(Pdu pdu) {
        ByteBuf buf = PduEncoder.encode(pdu, ByteBufAllocator.DEFAULT);
        try {
            byte[] b = new byte[buf.readableBytes()];
            buf.getBytes(buf.readerIndex(), b);
            return b;
        } finally {
            buf.release();
        }
    }

    /**
     * Feeds {@code bytes} in the given chunks through a cumulation buffer, decoding after each chunk as
     * Netty's ByteToMessageDecoder would. Returns the PDUs (the caller releases P-DATA-TFs); the input
     * buffer is released here, and must then be fully released (no slice outlived it unless retained).
     */
    static List<Pdu> decodeInChunks(PduDecoder decoder, byte[] bytes, int... cuts) {
        List<Pdu> out = new ArrayList<>();
        ByteBuf cumulation = ByteBufAllocator.DEFAULT.buffer(bytes.length);
        try {
            int from = 0;
            for (int i = 0; i <= cuts.length; i++) {
                int to = i < cuts.length ? cuts[i] : bytes.length;
                cumulation.writeBytes(bytes, from, to - from);
                from = to;
                Pdu pdu;
                while ((pdu = decoder.decode(cumulation)) != null) {
                    out.add(pdu);
                }
            }
        } finally {
            cumulation.release();
        }
        return out;
    }

    static void releaseAll(List<Pdu> pdus) {
        for (Pdu p : pdus) {
            if (p instanceof PDataTf d) {
                d.release();
            }
        }
    }
}
