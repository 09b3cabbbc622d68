package dev.merchantnotify.platform;

/** A request the API refuses, with the HTTP status and a message that names what is wrong. */
public class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    /** A client's text fit to repeat in a message: see {@link ClientText#quote}. */
    public static String quote(String text) {
        return ClientText.quote(text);
    }

    public int status() {
        return status;
    }
}
