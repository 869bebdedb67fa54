package io.sagitta.dicomweb.wado;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sagitta.dicomweb.http.HttpProblem;

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

    @Test
    void singlePartWhenTheBarePartTypeIsPreferred() {
        String octet = "application/octet-stream";
        RetrieveNegotiation.Choice bare = RetrieveNegotiation.shape(List.of(octet), octet);
        assertEquals(true, bare.singlePart());
        assertEquals(List.of("*"), bare.syntaxes());
        assertEquals(List.of(ELE), RetrieveNegotiation.shape(List.of(octet + "; transfer-syntax=" + ELE), octet).syntaxes());
        // OHIF's frames request, quotes left out: multipart.
        assertEquals(false, RetrieveNegotiation.shape(List.of("multipart/related; type=application/octet-stream; transfer-syntax=*"),
            octet).singlePart());
        // Nothing said, or anything: multipart, as PS3.18 defaults.
        assertEquals(false, RetrieveNegotiation.shape(List.of(), octet).singlePart());
        assertEquals(false, RetrieveNegotiation.shape(List.of("*/*"), octet).singlePart());
        // By quality either way.
        assertEquals(true, RetrieveNegotiation.shape(List.of("multipart/related; type=application/octet-stream; q=0.5, " + octet),
            octet).singlePart());
        assertEquals(false, RetrieveNegotiation.shape(List.of("multipart/related; type=application/octet-stream, " + octet
            + "; q=0.5"), octet).singlePart());
        assertThrows(HttpProblem.class, () -> RetrieveNegotiation.shape(List.of("application/dicom+json"), octet));
        assertThrows(HttpProblem.class, () -> RetrieveNegotiation.shape(List.of(octet + "; q=0"), octet));
    }
}
