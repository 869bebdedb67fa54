package io.sagitta.core.net.pdu;

/**
 * The acceptor's answer for one presentation context (PS3.8 section 9.3.3.2): the result, and the
 * transfer syntax chosen when accepted. For a rejected context the transfer syntax is not significant
 * (PS3.8 says it is not tested); we send an empty one.
 */
public record PresentationContextAc(int id, int result, String transferSyntax) {

    public static final int ACCEPTANCE = 0;
    public static final int USER_REJECTION = 1;
    /** No reason (provider rejection). */
    public static final int NO_REASON = 2;
    public static final int ABSTRACT_SYNTAX_NOT_SUPPORTED = 3;
    public static final int TRANSFER_SYNTAXES_NOT_SUPPORTED = 4;

    public PresentationContextAc {
        AAbort.checkByte(id, "presentation context id");
        AAbort.checkByte(result, "result");
        if (transferSyntax == null) {
            transferSyntax = "";
        }
    }

    public static PresentationContextAc accepted(int id, String transferSyntax) {
        return new PresentationContextAc(id, ACCEPTANCE, transferSyntax);
    }

    public static PresentationContextAc rejected(int id, int result) {
        if (result == ACCEPTANCE) {
            throw new IllegalArgumentException("a rejection needs a non-zero result");
        }
        return new PresentationContextAc(id, result, "");
    }

    public boolean isAccepted() {
        return result == ACCEPTANCE;
    }
}
