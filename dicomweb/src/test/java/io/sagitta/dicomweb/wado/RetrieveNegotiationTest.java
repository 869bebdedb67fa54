package io.sagitta.dicomweb.wado;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class RetrieveNegotiationTest {

    private static final String DICOM = "application/dicom";
    private static final String ELE = "1.2.840.10008.1.2.1";

    private static List<String> accepted(String... values) {
        return RetrieveNegotiation.acceptedSyntaxes(List.of(values), DICOM);
    }

    @Test
    void noAcceptOrWildcardsMeanAsStored() {
        assertEquals(List.of("*"), accepted());
        assertEquals(List.of("*"), accepted("*/*"));
        assertEquals(List.of("*"), accepted("multipart/*"));
        assertEquals(List.of("*"), accepted("multipart/related"));
        assertEquals(List.of("*"), accepted("multipart/related; type=\"application/dicom\""));
    }

    @Test
    void syntaxesInPreferenceOrderWithOrWithoutQuotes() {
        assertEquals(List.of(ELE), accepted("multipart/related; type=application/dicom; transfer-syntax=" + ELE));
        assertEquals(List.of(ELE, "*"), accepted("multipart/related; type=\"application/dicom\"; transfer-syntax=*; q=0.4, "
            + "multipart/related; type=\"application/dicom\"; transfer-syntax=\"" + ELE + "\""));
        assertEquals(List.of(), accepted("multipart/related; type=\"application/dicom\"; q=0"));
    }

    @Test
    void otherTypesAreNotAccepted() {
        assertEquals(List.of(), accepted("application/dicom+json"));
        assertEquals(List.of(), accepted("multipart/related; type=\"application/octet-stream\""));
        assertEquals(List.of("*"), RetrieveNegotiation.acceptedSyntaxes(
            List.of("multipart/related; type=application/octet-stream; transfer-syntax=*"), "application/octet-stream"));
    }

    @Test
    void choiceServesStoredBytesOrExplicitFromImplicit() {
        assertEquals(ELE, RetrieveNegotiation.choose(List.of("*"), ELE));
        assertEquals(ELE, RetrieveNegotiation.choose(List.of("1.2.840.10008.1.2", ELE), ELE));
        assertEquals(ELE, RetrieveNegotiation.choose(List.of(ELE), "1.2.840.10008.1.2"));
        assertEquals("1.2.840.10008.1.2", RetrieveNegotiation.choose(List.of("1.2.840.10008.1.2.2", "*"), "1.2.840.10008.1.2"));
        assertNull(RetrieveNegotiation.choose(List.of("1.2.840.10008.1.2.2"), "1.2.840.10008.1.2"));
        assertNull(RetrieveNegotiation.choose(List.of(ELE), "1.2.840.10008.1.2.4.50"));
    }
}
