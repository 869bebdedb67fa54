package io.sagitta.dicomweb.http;

/**
 * Something wrong with a request that the client can fix, with the HTTP status that says so.
 * Thrown (or passed to {@code RoutingContext.fail}) anywhere in the DICOMweb routes and turned
 * into a response by {@link HttpErrors}, the one place that writes error responses.
 */
public final class HttpProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public HttpProblem(int status, String message) {
        super(message, null, false, false); // an expected outcome: no stack trace to fill
        this.status = status;
    }

    public static HttpProblem badRequest(String message) {
        return new HttpProblem(400, message);
    }

    public static HttpProblem notFound(String message) {
        return new HttpProblem(404, message);
    }

    public static HttpProblem notAcceptable(String message) {
        return new HttpProblem(406, message);
    }

    public int status() {
        return status;
    }
}
