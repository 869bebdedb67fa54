package io.sagitta.core.net.pdu;

import java.util.List;

/**
 * P-DATA-TF (PS3.8 section 9.3.5): one or more PDVs. It owns the PDVs' buffers; {@link #release()}
 * releases them all.
 */
public record PDataTf(List<Pdv> pdvs) implements Pdu {

    public PDataTf {
        pdvs = List.copyOf(pdvs);
    }

    public static PDataTf of(Pdv... pdvs) {
        return new PDataTf(List.of(pdvs));
    }

    @Override
    public int type() {
        return P_DATA_TF;
    }

    /** The PDU-length field: PDV item headers plus payload. */
    public long length() {
        long n = 0;
        for (Pdv pdv : pdvs) {
            n += Pdv.HEADER_LENGTH + pdv.data().readableBytes();
        }
        return n;
    }

    /** Releases every PDV's buffer. */
    public void release() {
        for (Pdv pdv : pdvs) {
            pdv.release();
        }
    }

    @Override
    public String toString() {
        return "P-DATA-TF" + pdvs;
    }
}
