package io.sagitta.dicomweb.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class MediaTypesTest {

    private static String negotiate(String... accept) {
        return MediaTypes.negotiateJson(List.of(accept));
    }

    @Test
    void jsonFlavours() {
        assertEquals(MediaTypes.DICOM_JSON, negotiate());
        assertEquals(MediaTypes.DICOM_JSON, negotiate("application/dicom+json"));
        assertEquals(MediaTypes.DICOM_JSON, negotiate("application/dicom+json; charset=utf-8"));
        assertEquals(MediaTypes.DICOM_JSON, negotiate("*/*"));
        assertEquals(MediaTypes.DICOM_JSON, negotiate("text/html, application/*;q=0.5"));
        assertEquals(MediaTypes.JSON, negotiate("application/json"));
        assertEquals(MediaTypes.JSON, negotiate("application/dicom+json;q=0.2, application/json"));
        assertEquals(MediaTypes.DICOM_JSON, negotiate("application/xml", "application/dicom+json"), "several headers");
    }

    @Test
    void nothingAcceptable() {
        assertNull(negotiate("application/xml"));
        assertNull(negotiate("multipart/related; type=\"application/dicom+xml\""));
        assertNull(negotiate("multipart/related; type=\"application/dicom+xml, application/json\""), "commas in quotes");
        assertNull(negotiate("application/dicom+json;q=0"));
    }
}
