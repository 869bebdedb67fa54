package io.sagitta.dicomweb.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code Warning} response headers (PS3.18 8.3.4 and 8.4.x): code 299 ("miscellaneous persistent
 * warning"), the answering host as warn-agent, and the text as a quoted string. Header values stay
 * ASCII: anything else, and the characters a quoted string must escape, are replaced.
 */
public final class Warnings {

    private Warnings() {
    }

    public static void add(RoutingContext ctx, String text) {
        add(ctx.response(), agent(ctx), text);
    }

    static void add(HttpServerResponse response, String agent, String text) {
        StringBuilder sb = new StringBuilder("299 ").append(agent).append(" \"");
        for (int i = 0; i < text.length() && i < 500; i++) {
            char c = text.charAt(i);
            sb.append(c < ' ' || c >= 0x7F || c == '"' || c == '\\' ? '?' : c);
        }
        response.headers().add("Warning", sb.append('"').toString());
    }

    /** The Host the client asked (a token RFC 7234 accepts as warn-agent), else a pseudonym. */
    private static String agent(RoutingContext ctx) {
        String host = ctx.request().authority() == null ? null : ctx.request().authority().toString();
        if (host == null || host.isEmpty() || !host.matches("[A-Za-z0-9.:\\[\\]-]{1,255}")) {
            return "sagitta";
        }
        return host;
    }
}
