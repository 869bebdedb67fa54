package io.sagitta.core.net.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.UID;
import io.sagitta.core.data.VR;
import io.sagitta.core.io.DatasetCollector;
import io.sagitta.core.io.DatasetWriter;
import io.sagitta.core.io.DicomParser;
import io.sagitta.core.io.DicomParserOptions;
import io.sagitta.core.net.NoLeaks;
import io.sagitta.core.net.assoc.AcceptorPolicy;
import io.sagitta.core.net.dimse.CommandField;
import io.sagitta.core.net.dimse.DimseCommand;
import io.sagitta.core.net.dimse.Status;
import io.sagitta.core.net.pdu.AAssociateAc;
import io.sagitta.core.net.pdu.PDataFragmenter;
import io.sagitta.core.net.pdu.PDataTf;
import io.sagitta.core.net.pdu.Pdu;
import io.sagitta.core.net.pdu.PduDecoder;
import io.sagitta.core.net.pdu.PduEncoder;
import io.sagitta.core.net.pdu.Pdv;
import io.sagitta.core.net.service.DimseException;
import io.sagitta.core.net.service.DimseServices;
import io.sagitta.core.net.service.FindRequest;
import io.sagitta.core.net.service.FindService;
import io.sagitta.core.net.service.QueryRetrieveModel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * C-FIND dispatch on the acceptor, without sockets: an association handler on an {@link EmbeddedChannel},
 * PDUs in, DIMSE messages out, and a scripted {@link FindService}.
 */
@ExtendWith(NoLeaks.class)
class FindDispatchTest {

    static final String AE = "SCP";
    static final String STUDY_ROOT = UID.StudyRootQueryRetrieveInformationModelFind;
    static final TransferSyntax TS = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;

    /** One DIMSE message received from the acceptor. */
    record Message(DimseCommand command, Dataset data) {
    }

    /** Matches handed over by the test, one {@code next()} at a time. */
    static class ScriptedMatches implements FindService.Matches {
        final ArrayDeque<CompletableFuture<Dataset>> asked = new ArrayDeque<>();
        int nextCalls;
        int cancels;
        boolean warning;

        @Override
        public CompletionStage<Dataset> next() {
            nextCalls++;
            CompletableFuture<Dataset> f = new CompletableFuture<>();
            asked.add(f);
            return f;
        }

        @Override
        public void cancel() {
            cancels++;
        }

        @Override
        public boolean unsupportedOptionalKeys() {
            return warning;
        }
    }

    private EmbeddedChannel channel;
    private final PduDecoder decoder = new PduDecoder();
    /** What the acceptor wrote; never discarded, since decoded PDVs are slices of it. */
    private ByteBuf pending;
    private final List<FindRequest> requests = new ArrayList<>();

    @AfterEach
    void close() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
        if (pending != null) {
            pending.release();
        }
    }

    private void open(Function<FindRequest, FindService.Matches> service) {
        AcceptorPolicy policy = AcceptorPolicy.create().acceptCalledAeTitle(AE).support(STUDY_ROOT, TS.uid())
            .support(UID.PatientRootQueryRetrieveInformationModelFind, TS.uid());
        DimseServices services = DimseServices.create();
        if (service != null) {
            services.find(request -> {
                requests.add(request);
                return service.apply(request);
            });
        }
        DimseAcceptor acceptor = DimseAcceptor.create(policy, services, AssociationOptions.create(), AssociationLimiter.create(10));
        channel = new EmbeddedChannel(acceptor.newHandler());
        channel.writeInbound(PduEncoder.encode(AssociationRequest.create(AE, "SCU").propose(STUDY_ROOT, TS.uid())
            .toPdu(), ByteBufAllocator.DEFAULT));
        assertInstanceOf(AAssociateAc.class, nextPdu());
    }

    private Pdu nextPdu() {
        if (pending == null) {
            pending = Unpooled.buffer();
        }
        Object out;
        while ((out = channel.readOutbound()) != null) {
            pending.writeBytes((ByteBuf) out);
            ((ByteBuf) out).release();
        }
        return decoder.decode(pending);
    }

    /** The next complete DIMSE message out, or null when none is (yet) complete. */
    private Message nextMessage() {
        channel.runPendingTasks();
        List<Pdv> pdvs = new ArrayList<>();
        Pdu pdu;
        DimseCommand command = null;
        CompositeByteBuf data = Unpooled.compositeBuffer();
        CompositeByteBuf commandBytes = Unpooled.compositeBuffer();
        try {
            while ((pdu = nextPdu()) != null) {
                PDataTf p = assertInstanceOf(PDataTf.class, pdu);
                pdvs.addAll(p.pdvs());
                for (Pdv pdv : p.pdvs()) {
                    (pdv.command() ? commandBytes : data).addComponent(true, pdv.data().retain());
                    if (pdv.command() && pdv.last()) {
                        command = DimseCommand.decode(commandBytes);
                        if (!command.hasDataSet()) {
                            return new Message(command, null);
                        }
                    } else if (!pdv.command() && pdv.last()) {
                        DatasetCollector collector = new DatasetCollector(DatasetCollector.BulkValues.KEEP);
                        DicomParser parser = new DicomParser(DicomParserOptions.create().input(DicomParserOptions.Input.DATASET)
                            .datasetSyntax(TS), collector);
                        parser.feed(data);
                        parser.finish();
                        return new Message(command, collector.dataset());
                    }
                }
            }
            return null;
        } finally {
            pdvs.forEach(Pdv::release);
            data.release();
            commandBytes.release();
        }
    }

    private void send(DimseCommand command, byte[] dataset) {
        PDataFragmenter fragmenter = new PDataFragmenter(16 * 1024);
        ByteBuf encoded = command.encode(ByteBufAllocator.DEFAULT);
        List<PDataTf> pdus = new ArrayList<>(fragmenter.fragment(1, true, encoded, true));
        encoded.release();
        if (dataset != null) {
            pdus.addAll(fragmenter.fragment(1, false, Unpooled.wrappedBuffer(dataset), true));
        }
        for (PDataTf pdu : pdus) {
            try {
                channel.writeInbound(PduEncoder.encode(pdu, ByteBufAllocator.DEFAULT));
            } finally {
                pdu.release();
            }
        }
        channel.runPendingTasks();
    }

    private static byte[] identifier(String level) {
        Dataset d = new Dataset();
        d.setString(Tag.QueryRetrieveLevel, VR.CS, level);
        d.setString(Tag.PatientName, VR.PN, "DOE*");
        d.setBytes(Tag.StudyInstanceUID, VR.UI, null);
        return DatasetWriter.create(TS).toBytes(d);
    }

    private static Dataset match(String uid) {
        Dataset d = new Dataset();
        d.setString(Tag.QueryRetrieveLevel, VR.CS, "STUDY");
        d.setString(Tag.StudyInstanceUID, VR.UI, uid);
        return d;
    }

    private void find(int messageId) {
        send(DimseCommand.cFindRq(messageId, STUDY_ROOT, 0), identifier("STUDY"));
    }

    @Test
    void matchesArePulledOneAtATimeThenSuccess() {
        ScriptedMatches matches = new ScriptedMatches();
        open(request -> matches);
        find(7);
        FindRequest request = requests.get(0);
        assertEquals(QueryRetrieveModel.STUDY_ROOT, request.model());
        assertEquals(TS, request.transferSyntax());
        assertEquals("DOE*", request.identifier().getString(Tag.PatientName));
        assertEquals("SCU", request.callingAeTitle());
        assertEquals(1, matches.nextCalls, "one match asked for");
        assertNull(nextMessage());

        matches.asked.poll().complete(match("1.2.3"));
        Message first = nextMessage();
        assertEquals(CommandField.C_FIND_RSP, first.command().commandField());
        assertEquals(Status.PENDING, first.command().status());
        assertEquals(7, first.command().messageIdBeingRespondedTo());
        assertEquals(STUDY_ROOT, first.command().affectedSopClassUid());
        assertEquals("1.2.3", first.data().getString(Tag.StudyInstanceUID));
        assertEquals(2, matches.nextCalls, "the next one only once the first was written");

        matches.warning = true;
        matches.asked.poll().complete(match("1.2.4"));
        Message second = nextMessage();
        assertEquals(Status.PENDING_WARNING, second.command().status());
        assertEquals("1.2.4", second.data().getString(Tag.StudyInstanceUID));

        matches.asked.poll().complete(null);
        Message last = nextMessage();
        assertEquals(Status.SUCCESS, last.command().status());
        assertTrue(!last.command().hasDataSet());
        assertEquals(0, matches.cancels);
    }

    @Test
    void cancelAnswersFe00AndCancelsTheMatches() {
        ScriptedMatches matches = new ScriptedMatches();
        open(request -> matches);
        find(3);
        matches.asked.poll().complete(match("1.2.3"));
        assertEquals(Status.PENDING, nextMessage().command().status());
        // A C-CANCEL for another operation changes nothing.
        send(DimseCommand.cCancelRq(4), null);
        assertEquals(0, matches.cancels);
        send(DimseCommand.cCancelRq(3), null);
        assertEquals(1, matches.cancels);
        Message cancel = nextMessage();
        assertEquals(Status.CANCEL, cancel.command().status());
        assertEquals(3, cancel.command().messageIdBeingRespondedTo());
        // A match that arrives after the cancel is not sent; a second C-CANCEL is ignored.
        matches.asked.poll().complete(match("1.2.4"));
        send(DimseCommand.cCancelRq(3), null);
        assertNull(nextMessage());
        assertEquals(1, matches.cancels);
        // The association serves the next C-FIND.
        find(5);
        matches.asked.poll().complete(null);
        assertEquals(Status.SUCCESS, nextMessage().command().status());
    }

    @Test
    void failuresBecomeFinalStatuses() {
        open(request -> {
            if (request.messageId() == 1) {
                throw new DimseException(Status.IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS, "bad level");
            }
            return new ScriptedMatches() {
                @Override
                public CompletionStage<Dataset> next() {
                    return CompletableFuture.failedFuture(new DimseException(Status.OUT_OF_RESOURCES, "index down"));
                }
            };
        });
        find(1);
        Message refused = nextMessage();
        assertEquals(Status.IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS, refused.command().status());
        assertEquals("bad level", refused.command().errorComment());
        find(2);
        Message down = nextMessage();
        assertEquals(Status.OUT_OF_RESOURCES, down.command().status());
        assertEquals("index down", down.command().errorComment());
    }

    @Test
    void unparseableOrOversizedIdentifierIsUnableToProcess() {
        open(request -> new ScriptedMatches());
        send(DimseCommand.cFindRq(1, STUDY_ROOT, 0), new byte[] {0x08, 0x00, 0x52, 0x00, 'C', 'S', 0x10, 0x00, 'S'});
        assertEquals(Status.UNABLE_TO_PROCESS, nextMessage().command().status());
        Dataset huge = new Dataset();
        huge.setString(Tag.QueryRetrieveLevel, VR.CS, "STUDY");
        huge.setString(Tag.PatientComments, VR.UT, "a".repeat(FindOperation.MAX_IDENTIFIER));
        send(DimseCommand.cFindRq(2, STUDY_ROOT, 0), DatasetWriter.create(TS).toBytes(huge));
        Message tooLong = nextMessage();
        assertEquals(Status.UNABLE_TO_PROCESS, tooLong.command().status());
        assertTrue(tooLong.command().errorComment().startsWith("identifier longer than"));
        assertTrue(requests.isEmpty(), "the service never saw them");
    }

    @Test
    void withoutFindServiceTheSopClassIsNotSupported() {
        open(null);
        find(1);
        assertEquals(Status.SOP_CLASS_NOT_SUPPORTED, nextMessage().command().status());
    }

    @Test
    void abortWhileRunningCancelsTheMatches() {
        ScriptedMatches matches = new ScriptedMatches();
        open(request -> matches);
        find(1);
        channel.close();
        channel.runPendingTasks();
        assertEquals(1, matches.cancels);
        matches.asked.poll().complete(match("1.2.3")); // too late: nothing happens
        channel.runPendingTasks();
    }
}
