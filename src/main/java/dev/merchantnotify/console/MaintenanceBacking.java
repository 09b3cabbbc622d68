package dev.merchantnotify.console;

import dev.merchantnotify.operator.OperatorActions;
import dev.merchantnotify.deliverylog.LogCleanup;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The delivery log's clean-up, as the admin API's {@code cleanup}: keeps the last {@code days} days, never a pending
 * notification; confirmed in a dialog first, audited.
 */
@Named
@RequestScoped
public class MaintenanceBacking {

    @Inject
    OperatorActions actions;

    @Inject
    Feedback feedback;

    private Integer days = 30;

    public void cleanup() {
        if (days == null || days < 1 || days > OperatorActions.MAX_CLEANUP_DAYS) {
            feedback.error("maintenance.bad-days", OperatorActions.MAX_CLEANUP_DAYS);
            return;
        }
        LogCleanup.Result result = actions.cleanup(days, ConsoleAccess.operator(FacesContext.getCurrentInstance()));
        feedback.info("maintenance.done", result.notifications(), result.attempts(), result.before().toString());
    }

    public Integer getDays() {
        return days;
    }

    public void setDays(Integer days) {
        this.days = days;
    }

    public int getMaxDays() {
        return OperatorActions.MAX_CLEANUP_DAYS;
    }
}
