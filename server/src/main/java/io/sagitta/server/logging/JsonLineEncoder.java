package io.sagitta.server.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object per line: {@code time} (ISO-8601, UTC), {@code level}, {@code logger}, {@code thread},
 * {@code message}, then the line's key-value pairs and MDC entries as fields of their own (an association
 * or request id, an audit line's who/what/outcome), the current request's id when the line has none
 * ({@link LogContext}), and {@code exception} (the stack trace as one string) when there is one.
 *
 * <p>Our own rather than Logback's {@code JsonEncoder}: that one nests key-value pairs in a list and the MDC
 * in an object, and repeats the logger context on every line; log shippers want flat fields.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {

    private static final Set<String> RESERVED = Set.of("time", "level", "logger", "thread", "message", "exception");
    private static final byte[] NOTHING = new byte[0];

    @Override
    public byte[] headerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] footerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        StringBuilder out = new StringBuilder(256);
        out.append('{');
        field(out, "time", Instant.ofEpochMilli(event.getTimeStamp()).toString(), true);
        field(out, "level", event.getLevel().toString(), false);
        field(out, "logger", event.getLoggerName(), false);
        field(out, "thread", event.getThreadName(), false);
        field(out, "message", event.getFormattedMessage(), false);
        boolean hasRequestId = false;
        if (event.getKeyValuePairs() != null) {
            for (KeyValuePair kv : event.getKeyValuePairs()) {
                if (kv.value != null) {
                    field(out, RESERVED.contains(kv.key) ? "kv_" + kv.key : kv.key, String.valueOf(kv.value), false);
                    hasRequestId |= LogContext.REQUEST_ID.equals(kv.key);
                }
            }
        }
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc != null) {
            for (Map.Entry<String, String> e : mdc.entrySet()) {
                field(out, RESERVED.contains(e.getKey()) ? "mdc_" + e.getKey() : e.getKey(), e.getValue(), false);
            }
        }
        if (!hasRequestId) {
            String requestId = LogContext.requestId();
            if (requestId != null) {
                field(out, LogContext.REQUEST_ID, requestId, false);
            }
        }
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            field(out, "exception", ThrowableProxyUtil.asString(thrown), false);
        }
        out.append("}\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void field(StringBuilder out, String name, String value, boolean first) {
        if (!first) {
            out.append(',');
        }
        string(out, name);
        out.append(':');
        if (value == null) {
            out.append("null");
        } else {
            string(out, value);
        }
    }

    /** RFC 8259 string: quotes, backslash and control characters escaped; the rest as it is (UTF-8). */
    static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
