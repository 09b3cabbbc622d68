package dev.merchantnotify.console;

import dev.merchantnotify.operator.Refusal;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import java.text.MessageFormat;
import java.util.ResourceBundle;

/** The console's texts in the view's language, for messages built in Java (pages use {@code #{msg[...]}}). */
@RequestScoped
public class Texts {

    @Inject
    FacesContext faces;

    /** An operator service's refusal, in the view's language. */
    public String refusal(Refusal refusal) {
        return refusal.text(faces.getViewRoot().getLocale());
    }

    /** Whether there is a text for {@code key}. */
    public boolean has(String key) {
        return faces.getApplication().getResourceBundle(faces, "msg").containsKey(key);
    }

    public String get(String key, Object... arguments) {
        ResourceBundle bundle = faces.getApplication().getResourceBundle(faces, "msg");
        String text = bundle.getString(key);
        return arguments.length == 0 ? text : new MessageFormat(text, bundle.getLocale()).format(arguments);
    }
}
