package io.sagitta.bench.load;

/**
 * How one operation ended: a success carrying the instances and bytes it moved, or an error of a
 * kind ({@code http-500}, {@code dimse-A700}, {@code multipart-truncated}, ...) with a message.
 */
public record Outcome(boolean ok, long instances, long bytes, String errorKind, String message) {

    public static Outcome success(long instances, long bytes) {
        return new Outcome(true, instances, bytes, null, null);
    }

    public static Outcome error(String kind, String message) {
        return new Outcome(false, 0, 0, kind, message);
    }
}
