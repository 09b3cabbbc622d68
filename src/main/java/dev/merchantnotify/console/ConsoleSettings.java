package dev.merchantnotify.console;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The {@code notify.console.*} settings, checked when the bean is created; pages read them as {@code consoleSettings}. */
@Named
@ApplicationScoped
public class ConsoleSettings {

    @Inject
    @ConfigProperty(name = "notify.console.session-minutes")
    int sessionMinutes;

    @Inject
    @ConfigProperty(name = "notify.console.refresh-seconds")
    int refreshSeconds;

    @PostConstruct
    void validate() {
        if (sessionMinutes < 1 || sessionMinutes > 1440) {
            throw new IllegalStateException("Invalid setting notify.console.session-minutes=" + sessionMinutes
                    + ": it must be between 1 and 1440");
        }
        if (refreshSeconds < 1 || refreshSeconds > 3600) {
            throw new IllegalStateException("Invalid setting notify.console.refresh-seconds=" + refreshSeconds
                    + ": it must be between 1 and 3600");
        }
    }

    /** An operator's session ends after this long without a request. */
    public int sessionMinutes() {
        return sessionMinutes;
    }

    /** How often the dashboard refreshes itself. */
    public int getRefreshSeconds() {
        return refreshSeconds;
    }
}
