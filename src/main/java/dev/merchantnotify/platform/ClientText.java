package dev.merchantnotify.platform;

/** Text that came from a client, made fit to repeat in a message (an API answer, a console page, a log line). */
public final class ClientText {

    private ClientText() {
    }

    /** Control characters shown as {@code ?}, at most 80 characters, in double quotes; {@code null} as such. */
    public static String quote(String text) {
        if (text == null) {
            return "null";
        }
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return "\"" + (printable.length() <= 80 ? printable : printable.substring(0, 80) + "…") + "\"";
    }
}
