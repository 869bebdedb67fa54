package io.sagitta.server.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** log.format: text lines with key=value ids, JSON lines that parse, the switch on the STDOUT appender. */
class LogFormatTest {

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private Appender<ILoggingEvent> original;

    @AfterEach
    void restore() {
        if (original != null) {
            root.detachAppender(LogFormat.APPENDER);
            root.addAppender(original);
        }
    }

    /**
     * Replaces the root's appender (ASYNC, which writes through STDOUT on a thread of its own) with an appender named
     * STDOUT writing into {@code out} on the logging thread, with the shipped text pattern.
     */
    private void captureInto(ByteArrayOutputStream out) {
        original = root.getAppender(LogFormat.ASYNC);
        OutputStreamAppender<ILoggingEvent> shipped = shippedStdout();
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern(((PatternLayoutEncoder) shipped.getEncoder()).getPattern());
        text.start();
        OutputStreamAppender<ILoggingEvent> capture = new OutputStreamAppender<>();
        capture.setName(LogFormat.APPENDER);
        capture.setContext(context);
        capture.setEncoder(text);
        capture.setOutputStream(out);
        capture.start();
        root.detachAppender(LogFormat.ASYNC);
        root.addAppender(capture);
    }

    @SuppressWarnings("unchecked")
    private OutputStreamAppender<ILoggingEvent> shippedStdout() {
        return (OutputStreamAppender<ILoggingEvent>) ((AsyncAppender) root.getAppender(LogFormat.ASYNC)).getAppender(LogFormat.APPENDER);
    }

    @Test
    void theShippedLinesAreWrittenByAThreadOfTheirOwnAndNeverDropped() {
        // An event loop that logs only queues the line; a stalled stdout reader cannot stall it.
        assertNull(root.getAppender(LogFormat.APPENDER), "nothing writes to stdout on the logging thread");
        AsyncAppender async = (AsyncAppender) root.getAppender(LogFormat.ASYNC);
        assertTrue(async.isStarted());
        assertEquals(0, async.getDiscardingThreshold(), "audit lines (INFO) are never discarded from a filling queue");
        assertFalse(async.isNeverBlock(), "nor dropped when it is full");
        assertInstanceOf(ch.qos.logback.core.ConsoleAppender.class, shippedStdout());
        assertTrue(LogFormat.apply("text"), "the format is applied to STDOUT behind ASYNC");
    }

    @Test
    void textLinesCarryKeyValues() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        captureInto(out);
        assertTrue(LogFormat.apply("text"));
        LoggerFactory.getLogger(AuditLog.LOGGER).atInfo().setMessage("store")
            .addKeyValue("association", "a-7").addKeyValue("calling_ae", "CT 1").log();
        LoggerFactory.getLogger("io.sagitta.test").info("plain");
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertTrue(lines[0].endsWith("sagitta.audit - store association=a-7 calling_ae=\"CT 1\""), lines[0]);
        assertTrue(lines[1].endsWith("- plain"), lines[1]);
    }

    @Test
    void jsonLinesParse() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        captureInto(out);
        assertTrue(LogFormat.apply("json"));
        LoggerFactory.getLogger(AuditLog.LOGGER).atInfo().setMessage("query")
            .addKeyValue("request_id", "r-1").addKeyValue("keys", "PatientName=\"O'Brien\\Mary\"\n").log();
        LoggerFactory.getLogger("io.sagitta.test").error("failed: {}", "why", new IllegalStateException("boom"));
        // core and dicomweb log through System.Logger: routed to the same lines
        System.getLogger("io.sagitta.core.test").log(System.Logger.Level.WARNING, "from core");
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(3, lines.length, out.toString(StandardCharsets.UTF_8));
        JsonObject audit = new JsonObject(lines[0]);
        assertEquals("sagitta.audit", audit.getString("logger"));
        assertEquals("query", audit.getString("message"));
        assertEquals("r-1", audit.getString("request_id"));
        assertEquals("PatientName=\"O'Brien\\Mary\"\n", audit.getString("keys"));
        assertEquals(Thread.currentThread().getName(), audit.getString("thread"));
        assertTrue(audit.getString("time").endsWith("Z"));
        JsonObject error = new JsonObject(lines[1]);
        assertEquals("ERROR", error.getString("level"));
        assertEquals("failed: why", error.getString("message"));
        assertTrue(error.getString("exception").startsWith("java.lang.IllegalStateException: boom"));
        JsonObject core = new JsonObject(lines[2]);
        assertEquals("io.sagitta.core.test", core.getString("logger"));
        assertEquals("WARN", core.getString("level"));
        assertFalse(core.containsKey("exception"));
    }
}
