package io.sagitta.server.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AsyncAppenderBase;
import ch.qos.logback.core.OutputStreamAppender;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code log.format}: {@code text} keeps the human-readable lines of {@code logback.xml}; {@code json}
 * gives its {@code STDOUT} appender a {@link JsonLineEncoder}, so that every line (the audit lines too,
 * which go to the same appender unless a configuration of the operator's routes {@code sagitta.audit}
 * elsewhere) is one JSON object. Configured here rather than in {@code logback.xml} because the format
 * comes from Sagitta's configuration (file or environment), which is read after Logback starts.
 */
public final class LogFormat {

    /** The appender of our {@code logback.xml} that the format applies to. */
    static final String APPENDER = "STDOUT";
    /** The appender of our {@code logback.xml} that hands lines to {@link #APPENDER} on a thread of its own. */
    static final String ASYNC = "ASYNC";

    private LogFormat() {
    }

    /**
     * @param format {@code text} or {@code json}
     * @return false when Logback is not the SLF4J binding or has no {@code STDOUT} appender (an operator's own
     *     {@code logback.configurationFile} decides the format then)
     */
    public static boolean apply(String format) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return false;
        }
        if (!(stdout(context) instanceof OutputStreamAppender<ILoggingEvent> stream)) {
            return false;
        }
        if ("json".equals(format) && !(stream.getEncoder() instanceof JsonLineEncoder)) {
            JsonLineEncoder encoder = new JsonLineEncoder();
            encoder.setContext(context);
            encoder.start();
            // Swapped in place: stopping the appender would close its stream. This runs at start-up,
            // before the archive serves anything.
            stream.setEncoder(encoder);
        }
        return true;
    }

    /** The {@code STDOUT} appender: on the root logger, or behind the {@code ASYNC} one there. */
    private static Appender<ILoggingEvent> stdout(LoggerContext context) {
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Appender<ILoggingEvent> direct = root.getAppender(APPENDER);
        if (direct != null) {
            return direct;
        }
        return root.getAppender(ASYNC) instanceof AsyncAppenderBase<ILoggingEvent> async ? async.getAppender(APPENDER) : null;
    }

    /**
     * Writes out the lines still queued for stdout and stops logging: the last step of a stopping process (a line
     * logged after it is lost). Waits up to the queue's {@code maxFlushTime}.
     */
    public static void flush() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }
}
