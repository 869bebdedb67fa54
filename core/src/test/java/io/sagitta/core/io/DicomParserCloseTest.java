package io.sagitta.core.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.Unpooled;
import io.sagitta.core.data.TransferSyntax;
import org.junit.jupiter.api.Test;

class DicomParserCloseTest {

    @Test
    void closingMidStreamReleasesTheCarryAndRefusesMoreInput() {
        DatasetCollector collector = new DatasetCollector(DatasetCollector.BulkValues.KEEP);
        DicomParser parser = new DicomParser(DicomParserOptions.create()
            .input(DicomParserOptions.Input.DATASET)
            .datasetSyntax(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), collector);
        // Half of a (0010,0010) PN header: the parser keeps these bytes until the rest arrives.
        parser.feed(Unpooled.wrappedBuffer(new byte[] {0x10, 0x00, 0x10, 0x00, 'P'}));
        parser.close();
        parser.close(); // idempotent
        assertFalse(parser.isDone());
        assertThrows(IllegalStateException.class, () -> parser.feed(Unpooled.wrappedBuffer(new byte[] {'N'})));
        assertThrows(IllegalStateException.class, parser::finish);
    }
}
