package io.sagitta.server.logging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One line per store, query, retrieve and delete on logger {@code sagitta.audit}, whichever door it came
 * through: what happened ({@code event}, {@code door}), who and from where ({@link Caller}: association or
 * request id, calling AE, remote address), on what (UIDs, or a query's level and keys) and the outcome
 * (a DIMSE status as four hex digits, or an HTTP status). Everything is a key-value pair, so JSON lines carry
 * it as fields and text lines as {@code key=value}. Operators can give the logger an appender (a file) of its
 * own in their Logback configuration; by default it goes to standard output with everything else.
 *
 * <p>The lines name UIDs and query keys (which may hold patient names): they are as sensitive as the archive.
 */
public final class AuditLog {

    /** The logger's name, part of the product (operators route it). */
    public static final String LOGGER = "sagitta.audit";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private AuditLog() {
    }

    /** Starts a line about {@code event} ({@code store}, {@code query}, {@code retrieve}, {@code delete}). */
    public static Line line(String event, String door, Caller caller) {
        return new Line(event, door, caller);
    }

    public static boolean enabled() {
        return LOG.isInfoEnabled();
    }

    /** An audit line being put together; {@link #log()} writes it. */
    public static final class Line {
        private final LoggingEventBuilder builder;

        private Line(String event, String door, Caller caller) {
            builder = LOG.atInfo().setMessage(event).addKeyValue("event", event).addKeyValue("door", door);
            if (caller != null) {
                with(caller.idKey(), caller.id());
                with("calling_ae", caller.aeTitle());
                with("remote", caller.remote());
            }
        }

        /** Adds {@code key=value}; a null value is left out. */
        public Line with(String key, Object value) {
            if (value != null) {
                builder.addKeyValue(key, value);
            }
            return this;
        }

        public void log() {
            builder.log();
        }
    }
}
