package io.sagitta.core.net.dimse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.Tags;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.UID;
import io.sagitta.core.data.VR;
import io.sagitta.core.io.DatasetCollector;
import io.sagitta.core.io.DicomParseException;
import io.sagitta.core.io.DicomParser;
import io.sagitta.core.io.DicomParserOptions;
import java.util.Arrays;

/**
 * A DIMSE-C command set (PS3.7 sections 9.3 and E.1): the group 0000 elements that precede (or stand
 * without) a dataset. Immutable: the {@code with...} methods return a new command.
 *
 * <p>Encoded, always, in implicit VR little endian with (0000,0000) Command Group Length first
 * ({@link #encode}); decoded with the core {@link DicomParser} ({@link #decode}).
 *
 * <p>Absent numeric fields read as -1, absent text fields as null.
 */
public final class DimseCommand {

    /** Command Data Set Type (0000,0800): no dataset follows. */
    public static final int NO_DATA_SET = 0x0101;
    /** Command Data Set Type sent when a dataset follows (any value but 0101H means one does). */
    public static final int DATA_SET_PRESENT = 0x0001;
    /** Longest encoded command set {@link #decode} reads: real ones are a few hundred bytes. */
    public static final int MAX_ENCODED_LENGTH = 64 * 1024;

    private final Dataset fields;

    private DimseCommand(Dataset fields) {
        this.fields = fields;
    }

    // ------------------------------------------------------------------ requests

    public static DimseCommand cEchoRq(int messageId) {
        return request(CommandField.C_ECHO_RQ, messageId, UID.Verification, false);
    }

    public static DimseCommand cStoreRq(int messageId, String sopClassUid, String sopInstanceUid, int priority) {
        DimseCommand c = request(CommandField.C_STORE_RQ, messageId, sopClassUid, true);
        c.fields.setString(Tag.AffectedSOPInstanceUID, VR.UI, sopInstanceUid);
        c.fields.setInt(Tag.Priority, VR.US, priority);
        return c;
    }

    public static DimseCommand cFindRq(int messageId, String sopClassUid, int priority) {
        DimseCommand c = request(CommandField.C_FIND_RQ, messageId, sopClassUid, true);
        c.fields.setInt(Tag.Priority, VR.US, priority);
        return c;
    }

    public static DimseCommand cMoveRq(int messageId, String sopClassUid, int priority, String moveDestination) {
        DimseCommand c = request(CommandField.C_MOVE_RQ, messageId, sopClassUid, true);
        c.fields.setInt(Tag.Priority, VR.US, priority);
        c.fields.setString(Tag.MoveDestination, VR.AE, moveDestination);
        return c;
    }

    public static DimseCommand cGetRq(int messageId, String sopClassUid, int priority) {
        DimseCommand c = request(CommandField.C_GET_RQ, messageId, sopClassUid, true);
        c.fields.setInt(Tag.Priority, VR.US, priority);
        return c;
    }

    public static DimseCommand cCancelRq(int messageIdBeingRespondedTo) {
        Dataset d = new Dataset(4);
        d.setInt(Tag.CommandField, VR.US, CommandField.C_CANCEL_RQ.code);
        d.setInt(Tag.MessageIDBeingRespondedTo, VR.US, checkUShort(messageIdBeingRespondedTo, "message id"));
        d.setInt(Tag.CommandDataSetType, VR.US, NO_DATA_SET);
        return new DimseCommand(d);
    }

    /**
     * The response to {@code request} with a status: Message ID Being Responded To and the Affected SOP
     * Class UID (and, for C-STORE, the Affected SOP Instance UID) copied from the request.
     *
     * @param dataSet whether a dataset follows (a C-FIND match or failed SOP instance list)
     */
    public static DimseCommand response(DimseCommand request, int status, boolean dataSet) {
        CommandField field = request.commandField().response();
        Dataset d = new Dataset(8);
        if (request.affectedSopClassUid() != null) {
            d.setString(Tag.AffectedSOPClassUID, VR.UI, request.affectedSopClassUid());
        }
        d.setInt(Tag.CommandField, VR.US, field.code);
        d.setInt(Tag.MessageIDBeingRespondedTo, VR.US, request.messageId());
        d.setInt(Tag.CommandDataSetType, VR.US, dataSet ? DATA_SET_PRESENT : NO_DATA_SET);
        d.setInt(Tag.Status, VR.US, checkUShort(status, "status"));
        if (field == CommandField.C_STORE_RSP && request.affectedSopInstanceUid() != null) {
            d.setString(Tag.AffectedSOPInstanceUID, VR.UI, request.affectedSopInstanceUid());
        }
        return new DimseCommand(d);
    }

    private static DimseCommand request(CommandField field, int messageId, String sopClassUid, boolean dataSet) {
        Dataset d = new Dataset(10);
        d.setString(Tag.AffectedSOPClassUID, VR.UI, sopClassUid);
        d.setInt(Tag.CommandField, VR.US, field.code);
        d.setInt(Tag.MessageID, VR.US, checkUShort(messageId, "message id"));
        d.setInt(Tag.CommandDataSetType, VR.US, dataSet ? DATA_SET_PRESENT : NO_DATA_SET);
        return new DimseCommand(d);
    }

    // ------------------------------------------------------------------ with

    /** Move Originator AE title and Message ID, on a C-STORE-RQ made for a C-MOVE. */
    public DimseCommand withMoveOriginator(String aeTitle, int messageId) {
        Dataset d = copy();
        d.setString(Tag.MoveOriginatorApplicationEntityTitle, VR.AE, aeTitle);
        d.setInt(Tag.MoveOriginatorMessageID, VR.US, checkUShort(messageId, "message id"));
        return new DimseCommand(d);
    }

    /** Sub-operation counts of a C-MOVE or C-GET response; a negative count is left out. */
    public DimseCommand withSubOperations(int remaining, int completed, int failed, int warning) {
        Dataset d = copy();
        setOptionalUShort(d, Tag.NumberOfRemainingSuboperations, remaining);
        setOptionalUShort(d, Tag.NumberOfCompletedSuboperations, completed);
        setOptionalUShort(d, Tag.NumberOfFailedSuboperations, failed);
        setOptionalUShort(d, Tag.NumberOfWarningSuboperations, warning);
        return new DimseCommand(d);
    }

    public DimseCommand withErrorComment(String comment) {
        Dataset d = copy();
        // LO: at most 64 characters.
        d.setString(Tag.ErrorComment, VR.LO, comment.length() > 64 ? comment.substring(0, 64) : comment);
        return new DimseCommand(d);
    }

    public DimseCommand withErrorId(int errorId) {
        Dataset d = copy();
        d.setInt(Tag.ErrorID, VR.US, checkUShort(errorId, "error id"));
        return new DimseCommand(d);
    }

    public DimseCommand withOffendingElements(int... tags) {
        Dataset d = copy();
        d.setInt(Tag.OffendingElement, VR.AT, tags);
        return new DimseCommand(d);
    }

    public DimseCommand withDataSet(boolean dataSet) {
        Dataset d = copy();
        d.setInt(Tag.CommandDataSetType, VR.US, dataSet ? DATA_SET_PRESENT : NO_DATA_SET);
        return new DimseCommand(d);
    }

    // ------------------------------------------------------------------ fields

    public CommandField commandField() {
        return CommandField.ofCode(fields.getInt(Tag.CommandField, -1));
    }

    public int messageId() {
        return fields.getInt(Tag.MessageID, -1);
    }

    public int messageIdBeingRespondedTo() {
        return fields.getInt(Tag.MessageIDBeingRespondedTo, -1);
    }

    public String affectedSopClassUid() {
        return fields.getString(Tag.AffectedSOPClassUID);
    }

    public String affectedSopInstanceUid() {
        return fields.getString(Tag.AffectedSOPInstanceUID);
    }

    public int priority() {
        return fields.getInt(Tag.Priority, -1);
    }

    public int commandDataSetType() {
        return fields.getInt(Tag.CommandDataSetType, -1);
    }

    public boolean hasDataSet() {
        return commandDataSetType() != NO_DATA_SET;
    }

    public int status() {
        return fields.getInt(Tag.Status, -1);
    }

    public String moveDestination() {
        return fields.getString(Tag.MoveDestination);
    }

    public String moveOriginatorAeTitle() {
        return fields.getString(Tag.MoveOriginatorApplicationEntityTitle);
    }

    public int moveOriginatorMessageId() {
        return fields.getInt(Tag.MoveOriginatorMessageID, -1);
    }

    public int remainingSubOperations() {
        return fields.getInt(Tag.NumberOfRemainingSuboperations, -1);
    }

    public int completedSubOperations() {
        return fields.getInt(Tag.NumberOfCompletedSuboperations, -1);
    }

    public int failedSubOperations() {
        return fields.getInt(Tag.NumberOfFailedSuboperations, -1);
    }

    public int warningSubOperations() {
        return fields.getInt(Tag.NumberOfWarningSuboperations, -1);
    }

    public String errorComment() {
        return fields.getString(Tag.ErrorComment);
    }

    public int errorId() {
        return fields.getInt(Tag.ErrorID, -1);
    }

    /** Offending Element (0000,0901) tags; empty if absent. */
    public int[] offendingElements() {
        return fields.getInts(Tag.OffendingElement);
    }

    /** A copy of the command elements (without the group length). */
    public Dataset toDataset() {
        return copy();
    }

    // ------------------------------------------------------------------ codec

    /** Encodes to implicit VR little endian, (0000,0000) Command Group Length first. */
    public ByteBuf encode(ByteBufAllocator alloc) {
        byte[] bytes = toBytes();
        return alloc.buffer(bytes.length).writeBytes(bytes);
    }

    /** The implicit VR little endian encoding. */
    public byte[] toBytes() {
        int groupLength = 0;
        for (int i = 0; i < fields.size(); i++) {
            groupLength += 8 + ((byte[]) fields.valueAt(i)).length;
        }
        ByteBuf out = Unpooled.buffer(12 + groupLength);
        writeElement(out, Tag.CommandGroupLength, new byte[] {
            (byte) groupLength, (byte) (groupLength >>> 8), (byte) (groupLength >>> 16), (byte) (groupLength >>> 24)});
        for (int i = 0; i < fields.size(); i++) {
            writeElement(out, fields.tagAt(i), (byte[]) fields.valueAt(i));
        }
        return out.array();
    }

    private static void writeElement(ByteBuf out, int tag, byte[] value) {
        out.writeShortLE(tag >>> 16).writeShortLE(tag & 0xFFFF).writeIntLE(value.length).writeBytes(value);
    }

    /**
     * Decodes a command set from the readable bytes of {@code in} (which it does not consume or release).
     *
     * @throws DimseCommandException if the bytes are not a valid DIMSE-C command set
     */
    public static DimseCommand decode(ByteBuf in) {
        if (in.readableBytes() > MAX_ENCODED_LENGTH) {
            throw new DimseCommandException("command set of " + in.readableBytes() + " bytes exceeds " + MAX_ENCODED_LENGTH);
        }
        DatasetCollector collector = new DatasetCollector(DatasetCollector.BulkValues.KEEP);
        DicomParser parser = new DicomParser(DicomParserOptions.create()
            .input(DicomParserOptions.Input.DATASET)
            .datasetSyntax(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN)
            .bulkThreshold(MAX_ENCODED_LENGTH)
            .maxDepth(1), collector);
        try {
            parser.feed(in.slice());
            parser.finish();
        } catch (DicomParseException e) {
            throw new DimseCommandException("command set is not implicit VR little endian: " + e.getMessage(), e);
        }
        Dataset parsed = collector.dataset();
        Dataset d = new Dataset(parsed.size());
        for (int i = 0; i < parsed.size(); i++) {
            int tag = parsed.tagAt(i);
            if ((tag >>> 16) != 0 || !(parsed.valueAt(i) instanceof byte[])) {
                throw new DimseCommandException("command set holds " + Tags.toString(tag));
            }
            if (tag != Tag.CommandGroupLength) {
                d.setValue(tag, parsed.vrAt(i), parsed.valueAt(i));
            }
        }
        DimseCommand command = new DimseCommand(d);
        command.validate();
        return command;
    }

    /** Required fields per PS3.7 9.3 (M in the request and response tables). */
    private void validate() {
        CommandField field = commandField();
        if (field == null) {
            throw new DimseCommandException("unknown or missing command field " + fields.getInt(Tag.CommandField, -1));
        }
        require(Tag.CommandDataSetType);
        if (field == CommandField.C_CANCEL_RQ) {
            require(Tag.MessageIDBeingRespondedTo);
        } else if (field.isResponse()) {
            require(Tag.MessageIDBeingRespondedTo);
            require(Tag.Status);
        } else {
            require(Tag.MessageID);
            require(Tag.AffectedSOPClassUID);
            if (field != CommandField.C_ECHO_RQ) {
                require(Tag.Priority);
            }
            if (field == CommandField.C_STORE_RQ) {
                require(Tag.AffectedSOPInstanceUID);
            }
            if (field == CommandField.C_MOVE_RQ) {
                require(Tag.MoveDestination);
            }
        }
    }

    private void require(int tag) {
        Object v = fields.getValue(tag);
        if (!(v instanceof byte[] b) || b.length == 0) {
            throw new DimseCommandException(commandField() + " lacks " + Tags.toString(tag));
        }
    }

    // ------------------------------------------------------------------ helpers

    private Dataset copy() {
        Dataset d = new Dataset(fields.size() + 4);
        for (int i = 0; i < fields.size(); i++) {
            // Values are never modified in place, so sharing the arrays is safe.
            d.setValue(fields.tagAt(i), fields.vrAt(i), fields.valueAt(i));
        }
        return d;
    }

    private static void setOptionalUShort(Dataset d, int tag, int value) {
        if (value >= 0) {
            d.setInt(tag, VR.US, checkUShort(value, Tags.toString(tag)));
        }
    }

    private static int checkUShort(int value, String what) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(what + " must be 0..65535, not " + value);
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DimseCommand other && Arrays.equals(toBytes(), other.toBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(commandField()).append('[');
        if (messageId() >= 0) {
            sb.append("id=").append(messageId());
        }
        if (messageIdBeingRespondedTo() >= 0) {
            sb.append("rsp-to=").append(messageIdBeingRespondedTo());
        }
        if (status() >= 0) {
            sb.append(", status=").append(Status.toHex(status()));
        }
        if (affectedSopClassUid() != null) {
            sb.append(", class=").append(affectedSopClassUid());
        }
        if (affectedSopInstanceUid() != null) {
            sb.append(", instance=").append(affectedSopInstanceUid());
        }
        return sb.append(hasDataSet() ? ", with data set]" : "]").toString();
    }
}
