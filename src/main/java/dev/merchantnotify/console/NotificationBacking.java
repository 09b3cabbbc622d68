package dev.merchantnotify.console;

import dev.merchantnotify.operator.OperatorQueries;
import dev.merchantnotify.operator.OperatorActions;
import dev.merchantnotify.deliverylog.DeliveryAttempt;
import dev.merchantnotify.deliverylog.Receipt;
import dev.merchantnotify.deliverylog.Notification;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;

/** One notification: its fields, payload and every attempt (status, duration, answer excerpt, error); retry. */
@Named
@ViewScoped
public class NotificationBacking implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    OperatorQueries queries;

    @Inject
    OperatorActions actions;

    @Inject
    Feedback feedback;

    private Long id;
    private Notification notification;
    private List<DeliveryAttempt> attempts = List.of();
    private List<Receipt> receipts = List.of();

    @Inject
    Texts texts;

    /** Reads the notification named by the {@code id} view parameter. */
    public void load() {
        notification = id == null ? null : queries.notification(id).orElse(null);
        attempts = notification == null ? List.of() : queries.attempts(id);
        receipts = attempts.stream().anyMatch(a -> "sms".equals(a.getChannel())) ? queries.receipts(id) : List.of();
    }

    public void retry() {
        feedback.run(() -> actions.retry(id, null, null, ConsoleAccess.operator(FacesContext.getCurrentInstance())),
                "notifications.retried", id);
        load();
    }

    public Long getId() {
        return id;
    }

    public void setId(Long id) {
        this.id = id;
    }

    public Notification getNotification() {
        return notification;
    }

    public List<DeliveryAttempt> getAttempts() {
        return attempts;
    }

    /**
     * What an SMS attempt's receipts said, number by number, in the operator's language ({@code +86138…: delivered
     * to the phone at …}); empty for other attempts.
     */
    public String receiptsOf(DeliveryAttempt attempt) {
        List<String> lines = new java.util.ArrayList<>();
        for (Receipt receipt : receipts) {
            if (receipt.attemptNo() != attempt.getAttemptNo()) {
                continue;
            }
            String state = texts.get("receipt." + receipt.state().apiName());
            lines.add(receipt.recipient() + ": " + state + (receipt.reason() == null ? "" : " (" + receipt.reason()
                    + ")") + (receipt.confirmedAt() == null ? "" : " " + receipt.confirmedAt()));
        }
        return String.join("; ", lines);
    }
}
