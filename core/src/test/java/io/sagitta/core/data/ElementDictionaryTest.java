package io.sagitta.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ElementDictionaryTest {

    @Test
    void knowsStandardElementsByTagAndKeyword() {
        ElementDictionary.Entry name = ElementDictionary.entry(0x00100010);
        assertEquals(VR.PN, name.vr());
        assertEquals("PatientName", name.keyword());
        assertEquals("Patient's Name", name.name());
        assertEquals("1", name.vm());
        assertFalse(name.retired());
        assertEquals(0x00100010, ElementDictionary.tagOf("PatientName"));
        assertEquals(Tag.PatientName, ElementDictionary.tagOf("PatientName"));
        assertEquals(VR.SQ, ElementDictionary.vrOf(Tag.ReferencedImageSequence));
        assertEquals("1-n", ElementDictionary.entry(Tag.ImageType).vm().replace("2-n", "1-n"));
    }

    @Test
    void flagsRetiredElements() {
        assertTrue(ElementDictionary.entry(0x00080040).retired()); // Data Set Type, retired ACR-NEMA
        assertEquals("DataSetType", ElementDictionary.keywordOf(0x00080040));
    }

    @Test
    void resolvesRepeatingGroups() {
        // Overlay Data in the 2nd, 16th overlay groups; curve data; variable pixel data.
        assertEquals("OverlayData", ElementDictionary.keywordOf(0x60003000));
        assertEquals("OverlayData", ElementDictionary.keywordOf(0x60023000));
        assertEquals("OverlayData", ElementDictionary.keywordOf(0x601E3000));
        assertEquals(VR.US, ElementDictionary.vrOf(0x60020010)); // OverlayRows
        assertEquals("CurveData", ElementDictionary.keywordOf(0x50043000));
        assertEquals("VariablePixelData", ElementDictionary.keywordOf(0x7F020010));
        assertEquals(0x60003000, ElementDictionary.tagOf("OverlayData"));
    }

    @Test
    void picksTheImplicitVrOfAmbiguousElements() {
        assertEquals(VR.OW, ElementDictionary.vrOf(Tag.PixelData));
        assertEquals("OW|OB", ElementDictionary.entry(Tag.PixelData).vrs());
        assertEquals(VR.US, ElementDictionary.vrOf(Tag.SmallestImagePixelValue));
    }

    @Test
    void handlesPrivateGroupLengthAndUnknownTags() {
        assertEquals(VR.LO, ElementDictionary.vrOf(0x00090010)); // private creator
        assertEquals(VR.UN, ElementDictionary.vrOf(0x00091001)); // private element
        assertNull(ElementDictionary.entry(0x00091001));
        assertEquals(VR.UL, ElementDictionary.vrOf(0x00080000)); // group length
        assertEquals(VR.UL, ElementDictionary.vrOf(Tag.FileMetaInformationGroupLength));
        assertEquals(-1, ElementDictionary.tagOf("NoSuchKeyword"));
        assertEquals(VR.UL, ElementDictionary.vrOf(0x00080001)); // retired Length to End
        assertEquals(VR.UN, ElementDictionary.vrOf(0x0008FFF1));
    }

    @Test
    void coversTheWholeStandard() {
        // PS3.6 has well over 4000 elements; all keywords must map back to their tag.
        assertTrue(ElementDictionary.entries().size() > 4500, "entries: " + ElementDictionary.entries().size());
        for (ElementDictionary.Entry e : ElementDictionary.entries()) {
            assertEquals(e.tag(), ElementDictionary.tagOf(e.keyword()), e.keyword());
            ElementDictionary.Entry found = ElementDictionary.entry(e.tag());
            // A repeating-group entry is listed under its first group, which an exact entry may
            // own: (0028,04x0) Rows For Nth Order Coefficients vs (0028,0400) Transform Label.
            assertTrue(found == e || found.vr() != null && !found.keyword().equals(e.keyword())
                && ElementDictionary.entries().contains(found), e.keyword());
        }
    }

    @Test
    void knowsUids() {
        assertEquals("CT Image Storage", UidDictionary.nameOf(UID.CTImageStorage));
        assertEquals("Transfer Syntax", UidDictionary.entry(UID.ExplicitVRLittleEndian).type());
        assertEquals("1.2.840.10008.1.2.4.50", UidDictionary.byKeyword("JPEGBaseline8Bit").uid());
        assertEquals("1.2.3", UidDictionary.nameOf("1.2.3"));
        assertTrue(UidDictionary.storageSopClasses().stream().anyMatch(e -> e.uid().equals(UID.MRImageStorage)));
        assertTrue(UidDictionary.storageSopClasses().size() > 100);
        assertFalse(UidDictionary.storageSopClasses().stream().anyMatch(e -> e.name().contains("Commitment")));
    }
}
