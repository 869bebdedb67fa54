package io.sagitta.server.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.List;
import org.slf4j.event.KeyValuePair;

/**
 * {@code %kv} in a text pattern: the line's key-value pairs as {@code " key=value"} (quoted when the value
 * has spaces), then the current request's id when the line has none ({@link LogContext}); nothing at all
 * when there are none, so a line without ids ends with its message.
 */
public final class KeyValuesConverter extends ClassicConverter {

    @Override
    public String convert(ILoggingEvent event) {
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        String requestId = null;
        boolean hasRequestId = false;
        StringBuilder out = null;
        if (pairs != null) {
            for (KeyValuePair kv : pairs) {
                if (kv.value == null) {
                    continue;
                }
                if (out == null) {
                    out = new StringBuilder(64);
                }
                append(out, kv.key, String.valueOf(kv.value));
                hasRequestId |= LogContext.REQUEST_ID.equals(kv.key);
            }
        }
        if (!hasRequestId) {
            requestId = LogContext.requestId();
        }
        if (requestId != null) {
            if (out == null) {
                out = new StringBuilder(32);
            }
            append(out, LogContext.REQUEST_ID, requestId);
        }
        return out == null ? "" : out.toString();
    }

    private static void append(StringBuilder out, String key, String value) {
        out.append(' ').append(key).append('=');
        boolean quote = value.isEmpty() || value.chars().anyMatch(c -> c <= ' ' || c == '"');
        if (quote) {
            out.append('"').append(value.replace("\"", "\\\"")).append('"');
        } else {
            out.append(value);
        }
    }
}
