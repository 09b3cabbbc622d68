package dev.merchantnotify.merchant;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** The one reading of a {@code notify_url}, shared by ingest and the admin API: absolute, http or https, with a host. */
public final class NotifyUrl {

    private NotifyUrl() {
    }

    /**
     * Parses a notify URL.
     *
     * @throws IllegalArgumentException with the rest of a sentence that starts with the field's name, e.g.
     *                                  {@code "has no host"}
     */
    public static URI parse(String notifyUrl) {
        URI uri;
        try {
            uri = new URI(notifyUrl);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URL: " + e.getReason() + " at index " + e.getIndex());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("has no host");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw new IllegalArgumentException("has port " + uri.getPort() + "; a port is 1 to 65535");
        }
        return uri;
    }
}
