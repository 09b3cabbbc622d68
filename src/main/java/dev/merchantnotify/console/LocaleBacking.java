package dev.merchantnotify.console;

import jakarta.enterprise.context.SessionScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The console's language: Chinese or English, first chosen from the browser's {@code Accept-Language} (Faces matches it
 * against the supported locales of faces-config.xml), then as the operator switches it, for the rest of the session.
 */
@Named
@SessionScoped
public class LocaleBacking implements Serializable {

    private static final long serialVersionUID = 1L;
    static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.CHINESE);

    private Locale locale;

    public Locale getLocale() {
        if (locale == null) {
            FacesContext context = FacesContext.getCurrentInstance();
            locale = fromBrowser(context.getExternalContext().getRequestLocales());
        }
        return locale;
    }

    /** The language the console is shown in: {@code en} or {@code zh}. */
    public String getLanguage() {
        return getLocale().getLanguage();
    }

    /** Switches to {@code en} or {@code zh}; anything else is ignored. Stays on the page. */
    public void switchTo(String language) {
        for (Locale supported : SUPPORTED) {
            if (supported.getLanguage().equals(language)) {
                locale = supported;
                FacesContext.getCurrentInstance().getViewRoot().setLocale(supported);
            }
        }
    }

    static Locale fromBrowser(Iterator<Locale> preferred) {
        while (preferred.hasNext()) {
            String language = preferred.next().getLanguage();
            for (Locale supported : SUPPORTED) {
                if (supported.getLanguage().equals(language)) {
                    return supported;
                }
            }
        }
        return Locale.ENGLISH;
    }
}
