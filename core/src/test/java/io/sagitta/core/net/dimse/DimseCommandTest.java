package io.sagitta.core.net.dimse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.sagitta.core.net.NoLeaks;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeaks.class)
class DimseCommandTest {

    static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    static final String STUDY_FIND = "1.2.840.10008.5.1.4.1.2.2.1";
    static final String STUDY_MOVE = "1.2.840.10008.5.1.4.1.2.2.2";
    static final String STUDY_GET = "1.2.840.10008.5.1.4.1.2.2.3";

    /** An implicit VR little endian element, written out by hand. */
    private static void element(ByteArrayOutputStream out, int element, byte[] value) {
        out.write(0);
        out.write(0);
        out.write(element & 0xFF);
        out.write(element >>> 8);
        int n = value.length;
        out.write(n);
        out.write(n >>> 8);
        out.write(n >>> 16);
        out.write(n >>> 24);
        out.writeBytes(value);
    }

    private static byte[] us(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8)};
    }

    @Test
    void cEchoRqByteExact() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        element(body, 0x0002, "1.2.840.10008.1.1\0".getBytes(StandardCharsets.US_ASCII)); // UI padded with NUL
        element(body, 0x0100, us(0x0030));
        element(body, 0x0110, us(7));
        element(body, 0x0800, us(0x0101));
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        element(all, 0x0000, new byte[] {(byte) body.size(), 0, 0, 0});
        all.writeBytes(body.toByteArray());
        assertArrayEquals(all.toByteArray(), DimseCommand.cEchoRq(7).toBytes());
        assertEquals(12 + 26 + 10 + 10 + 10, all.size());
    }

    @Test
    void roundTrips() {
        DimseCommand store = DimseCommand.cStoreRq(1, CT, "1.2.3.4.5", Priority.MEDIUM);
        List<DimseCommand> commands = List.of(
            DimseCommand.cEchoRq(1),
            DimseCommand.response(DimseCommand.cEchoRq(1), Status.SUCCESS, false),
            store,
            store.withMoveOriginator("VIEWER", 99),
            DimseCommand.response(store, Status.OUT_OF_RESOURCES, false).withErrorComment("disk full")
                .withOffendingElements(0x00100010, 0x0020000D).withErrorId(3),
            DimseCommand.cFindRq(2, STUDY_FIND, Priority.HIGH),
            DimseCommand.response(DimseCommand.cFindRq(2, STUDY_FIND, Priority.HIGH), Status.PENDING, true),
            DimseCommand.cMoveRq(3, STUDY_MOVE, Priority.LOW, "STORESCP"),
            DimseCommand.response(DimseCommand.cMoveRq(3, STUDY_MOVE, Priority.LOW, "STORESCP"), Status.PENDING, false)
                .withSubOperations(5, 10, 1, 2),
            DimseCommand.cGetRq(4, STUDY_GET, Priority.MEDIUM),
            DimseCommand.response(DimseCommand.cGetRq(4, STUDY_GET, Priority.MEDIUM),
                Status.SUB_OPERATIONS_COMPLETE_WITH_FAILURES, true).withSubOperations(-1, 10, 1, 0),
            DimseCommand.cCancelRq(2));
        for (DimseCommand c : commands) {
            ByteBuf encoded = c.encode(ByteBufAllocator.DEFAULT);
            try {
                DimseCommand decoded = DimseCommand.decode(encoded);
                assertEquals(c, decoded, c.toString());
                assertEquals(c.commandField(), decoded.commandField());
            } finally {
                encoded.release();
            }
        }
    }

    @Test
    void fields() {
        DimseCommand rsp = DimseCommand.response(DimseCommand.cMoveRq(3, STUDY_MOVE, Priority.LOW, "STORESCP"),
            Status.PENDING, false).withSubOperations(5, 10, 1, 2);
        DimseCommand decoded = DimseCommand.decode(Unpooled.wrappedBuffer(rsp.toBytes()));
        assertEquals(CommandField.C_MOVE_RSP, decoded.commandField());
        assertEquals(3, decoded.messageIdBeingRespondedTo());
        assertEquals(-1, decoded.messageId());
        assertEquals(STUDY_MOVE, decoded.affectedSopClassUid());
        assertEquals(Status.PENDING, decoded.status());
        assertEquals(5, decoded.remainingSubOperations());
        assertEquals(10, decoded.completedSubOperations());
        assertEquals(1, decoded.failedSubOperations());
        assertEquals(2, decoded.warningSubOperations());
        assertFalse(decoded.hasDataSet());

        DimseCommand move = DimseCommand.decode(Unpooled.wrappedBuffer(
            DimseCommand.cMoveRq(3, STUDY_MOVE, Priority.LOW, "STORESCP").toBytes()));
        assertEquals("STORESCP", move.moveDestination());
        assertEquals(Priority.LOW, move.priority());
        assertTrue(move.hasDataSet());

        DimseCommand store = DimseCommand.cStoreRq(9, CT, "1.2.3", Priority.HIGH).withMoveOriginator("VIEWER", 3);
        DimseCommand storeRsp = DimseCommand.response(store, Status.SUCCESS, false);
        assertEquals("1.2.3", storeRsp.affectedSopInstanceUid());
        assertEquals("VIEWER", store.moveOriginatorAeTitle());
        assertEquals(3, store.moveOriginatorMessageId());

        DimseCommand failed = storeRsp.withOffendingElements(0x00100010).withErrorComment("x".repeat(100));
        assertArrayEquals(new int[] {0x00100010}, DimseCommand.decode(Unpooled.wrappedBuffer(failed.toBytes()))
            .offendingElements());
        assertEquals(64, failed.errorComment().length());
        assertThrows(IllegalStateException.class, () -> DimseCommand.response(DimseCommand.cCancelRq(1), 0, false));
    }

    @Test
    void statusCategories() {
        assertEquals(Status.Category.SUCCESS, Status.category(0x0000));
        assertEquals(Status.Category.PENDING, Status.category(0xFF00));
        assertEquals(Status.Category.PENDING, Status.category(0xFF01));
        assertEquals(Status.Category.CANCEL, Status.category(0xFE00));
        assertEquals(Status.Category.WARNING, Status.category(0xB000));
        assertEquals(Status.Category.WARNING, Status.category(0xB007));
        assertEquals(Status.Category.FAILURE, Status.category(0xA700));
        assertEquals(Status.Category.FAILURE, Status.category(0xA7FF));
        assertEquals(Status.Category.FAILURE, Status.category(0xA900));
        assertEquals(Status.Category.FAILURE, Status.category(0xC000));
        assertEquals(Status.Category.FAILURE, Status.category(0x0122));
    }

    @Test
    void invalidCommandSets() {
        // Not a command: an element outside group 0000.
        ByteArrayOutputStream other = new ByteArrayOutputStream();
        other.writeBytes(DimseCommand.cEchoRq(1).toBytes());
        other.writeBytes(new byte[] {0x10, 0, 0x10, 0, 2, 0, 0, 0, 'A', ' '});
        assertThrows(DimseCommandException.class, () -> DimseCommand.decode(Unpooled.wrappedBuffer(other.toByteArray())));
        // Truncated.
        byte[] echo = DimseCommand.cEchoRq(1).toBytes();
        assertThrows(DimseCommandException.class,
            () -> DimseCommand.decode(Unpooled.wrappedBuffer(echo, 0, echo.length - 1)));
        // Missing required field: a C-STORE-RQ without its SOP instance UID.
        ByteArrayOutputStream noInstance = new ByteArrayOutputStream();
        element(noInstance, 0x0002, "1.2\0".getBytes(StandardCharsets.US_ASCII));
        element(noInstance, 0x0100, us(0x0001));
        element(noInstance, 0x0110, us(1));
        element(noInstance, 0x0700, us(0));
        element(noInstance, 0x0800, us(1));
        assertThrows(DimseCommandException.class,
            () -> DimseCommand.decode(Unpooled.wrappedBuffer(noInstance.toByteArray())));
        // Unknown command field.
        ByteArrayOutputStream unknown = new ByteArrayOutputStream();
        element(unknown, 0x0100, us(0x0123));
        element(unknown, 0x0800, us(0x0101));
        assertThrows(DimseCommandException.class, () -> DimseCommand.decode(Unpooled.wrappedBuffer(unknown.toByteArray())));
        // Far too long.
        assertThrows(DimseCommandException.class,
            () -> DimseCommand.decode(Unpooled.wrappedBuffer(new byte[DimseCommand.MAX_ENCODED_LENGTH + 1])));
    }
}
