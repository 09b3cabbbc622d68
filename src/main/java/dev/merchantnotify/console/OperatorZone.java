package dev.merchantnotify.console;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.Cookie;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The operator's time zone: the browser's, which every console page writes into the cookie {@link #COOKIE} (the
 * layout's script, from {@code Intl.DateTimeFormat}); UTC until the browser has said, or when it names no zone Java
 * knows. Pages show times in it ({@code #{operatorZone.time(instant)}}).
 */
@Named
@RequestScoped
public class OperatorZone {

    /** The cookie the layout's script writes the browser's IANA time zone into. */
    static final String COOKIE = "notify_tz";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    @Inject
    FacesContext faces;

    private ZoneId zone;

    /** The operator's zone. */
    public ZoneId zone() {
        if (zone == null) {
            zone = ZoneOffset.UTC;
            Object cookie = faces.getExternalContext().getRequestCookieMap().get(COOKIE);
            if (cookie instanceof Cookie given && given.getValue() != null && !given.getValue().isBlank()) {
                try {
                    zone = ZoneId.of(URLDecoder.decode(given.getValue(), StandardCharsets.UTF_8));
                } catch (DateTimeException | IllegalArgumentException unknown) {
                    zone = ZoneOffset.UTC;
                }
            }
        }
        return zone;
    }

    /** The zone's name as the page shows it: {@code Asia/Shanghai}, {@code UTC}. */
    public String getId() {
        return zone() instanceof ZoneOffset offset && offset.equals(ZoneOffset.UTC) ? "UTC" : zone().getId();
    }

    /** An instant for people, in the operator's zone: {@code 2026-12-04 16:05:12}; empty for none. */
    public String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant.atZone(zone()));
    }
}
