package io.sagitta.core.net.pdu;

import java.util.List;

/**
 * A proposed presentation context (PS3.8 section 9.3.2.2): an odd id from 1 to 255, one abstract
 * syntax and the transfer syntaxes the requestor offers, in its order of preference.
 */
public record PresentationContextRq(int id, String abstractSyntax, List<String> transferSyntaxes) {

    public PresentationContextRq {
        AAbort.checkByte(id, "presentation context id");
        if (abstractSyntax == null) {
            throw new IllegalArgumentException("abstract syntax is required");
        }
        transferSyntaxes = List.copyOf(transferSyntaxes);
    }

    public static PresentationContextRq of(int id, String abstractSyntax, String... transferSyntaxes) {
        return new PresentationContextRq(id, abstractSyntax, List.of(transferSyntaxes));
    }
}
