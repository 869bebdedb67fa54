package io.sagitta.core.net.pdu;

/**
 * A protocol data unit of the DICOM upper layer (PS3.8 section 9.3).
 *
 * <p>{@link InvalidPdu} is the one member that never travels: it is what {@link PduDecoder} makes of
 * bytes that are not a valid PDU (PS3.8 event Evt19), carrying the A-ABORT reason the association
 * sends back. {@link PduEncoder} refuses it.
 *
 * <p>Only {@link PDataTf} holds buffers; every other PDU is a plain value.
 */
public sealed interface Pdu
    permits AAssociateRq, AAssociateAc, AAssociateRj, PDataTf, AReleaseRq, AReleaseRp, AAbort, InvalidPdu {

    int A_ASSOCIATE_RQ = 0x01;
    int A_ASSOCIATE_AC = 0x02;
    int A_ASSOCIATE_RJ = 0x03;
    int P_DATA_TF = 0x04;
    int A_RELEASE_RQ = 0x05;
    int A_RELEASE_RP = 0x06;
    int A_ABORT = 0x07;

    /** The PDU-type byte (01H to 07H); 0 for {@link InvalidPdu}. */
    int type();
}
