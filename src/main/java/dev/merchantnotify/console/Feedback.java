package dev.merchantnotify.console;

import dev.merchantnotify.operator.Refusal;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;

/**
 * Runs an operator's action and tells how it went on the page: the done text in the operator's language, or the
 * operator services' refusal (unknown notification, unknown merchant...) as an error, in that language too.
 */
@RequestScoped
public class Feedback {

    @Inject
    FacesContext faces;

    @Inject
    Texts texts;

    /** Runs {@code action}; true if it succeeded (its message {@code doneKey} with {@code arguments} shown). */
    public boolean run(Runnable action, String doneKey, Object... arguments) {
        try {
            action.run();
            info(doneKey, arguments);
            return true;
        } catch (Refusal refused) {
            refused(refused);
            return false;
        }
    }

    /** Shows a refusal of the operator services in the operator's language. */
    public void refused(Refusal refusal) {
        faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, texts.refusal(refusal), null));
    }

    /** Shows a confirmation in the operator's language. */
    public void info(String key, Object... arguments) {
        faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO, texts.get(key, arguments), null));
    }

    /** Shows an error in the operator's language. */
    public void error(String key, Object... arguments) {
        faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, texts.get(key, arguments), null));
    }
}
