package dev.merchantnotify.console;

import dev.merchantnotify.alerting.AlertType;
import dev.merchantnotify.deliverylog.NotificationStatus;
import dev.merchantnotify.merchant.Merchant;
import dev.merchantnotify.merchant.MerchantKey;
import dev.merchantnotify.operator.JobView;
import dev.merchantnotify.operator.MerchantStatusView;
import dev.merchantnotify.operator.Operator;
import dev.merchantnotify.operator.OperatorActions;
import dev.merchantnotify.operator.OperatorQueries;
import dev.merchantnotify.operator.Refusal;
import dev.merchantnotify.operator.SecretView;
import dev.merchantnotify.signing.SignType;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * One merchant: its live health, its recent response times as a chart, and what operators do to it: reset its
 * breaker, send an alert about it, pause and resume it, recover its notifications since a time (after a confirmation
 * that says how many will be sent), issue or rotate its signing secret (shown once) or remove it. Every action is
 * audited, as through the admin API.
 */
@Named
@ViewScoped
public class MerchantBacking implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    OperatorQueries queries;

    @Inject
    OperatorActions actions;

    @Inject
    Texts texts;

    @Inject
    Feedback feedback;

    @Inject
    Clock clock;

    private String key;
    private MerchantKey merchantKey;
    private String notifyUrl;
    private MerchantStatusView status;
    private List<Long> responseTimes = List.of();
    private SecretView secret;
    private String issuedSecret;
    private AlertType alertType = AlertType.CIRCUIT_BREAKER;
    private SignType signType = SignType.HMAC_SHA256;
    private Integer graceHours;
    private long parked;
    private String pauseReason;
    private LocalDateTime recoverSince;
    private LocalDateTime recoverUntil;
    private String recoverStatus = "failed";
    /** What the confirmation shows, once counted; null while nothing is to be confirmed. */
    private Long recoverCount;

    /** Reads the merchant named by the {@code key} view parameter. */
    public void load() {
        Merchant merchant = key == null ? null : queries.merchant(key).orElse(null);
        if (merchant == null) {
            status = null;
            return;
        }
        notifyUrl = merchant.getNotifyUrl();
        merchantKey = new MerchantKey(key);
        status = queries.merchantStatus(merchant);
        responseTimes = queries.responseTimes(merchantKey);
        secret = queries.merchantSecret(merchantKey, notifyUrl).orElse(null);
        parked = status.isPaused() ? queries.parkedCount(merchantKey) : 0;
        if (graceHours == null) {
            graceHours = (int) queries.secretRotationGrace().toHours();
        }
    }

    public void resetBreaker() {
        act(() -> actions.resetBreaker(merchantKey, notifyUrl, operator()), "merchant.reset-done");
    }

    public void sendAlert() {
        act(() -> actions.sendAlert(merchantKey, notifyUrl, alertType, operator()), "merchant.alert-sent");
    }

    /** Issues a generated secret (or a new one, the old one valid for the grace hours); the page shows it once. */
    public void issueSecret() {
        act(() -> issuedSecret = actions.issueSecret(merchantKey, notifyUrl, signType, null,
                Duration.ofHours(graceHours == null ? 0 : Math.max(0, graceHours)), operator()).secret(),
                "merchant.secret-issued");
    }

    public void removeSecret() {
        act(() -> actions.removeSecret(merchantKey, notifyUrl, operator()), "merchant.secret-removed");
        issuedSecret = null;
    }

    public void pause() {
        act(() -> actions.pause(merchantKey, notifyUrl, pauseReason == null || pauseReason.isBlank() ? null
                : pauseReason.trim(), operator()), "merchant.paused");
        pauseReason = null;
    }

    public void resume() {
        try {
            JobView job = actions.resume(merchantKey, notifyUrl, null, operator()).job();
            if (job.finished()) {
                feedback.info("merchant.resumed", job.queued());
            } else {
                feedback.info("merchant.resuming", job.queued(), job.total(), job.jobId());
            }
        } catch (Refusal refused) {
            feedback.refused(refused);
        }
        load();
    }

    /** The first step of a recovery: counts what it would send, for the confirmation. */
    public void countRecoverable() {
        recoverCount = null;
        if (recoverSince == null) {
            feedback.error("merchant.recover-since-required");
            return;
        }
        try {
            long count = queries.recoverable(merchantKey, notifyUrl, recoverState(), utc(recoverSince),
                    recoverUntil()).count();
            if (count == 0) {
                feedback.info("merchant.recover-none");
            } else {
                recoverCount = count;
            }
        } catch (Refusal refused) {
            feedback.refused(refused);
        }
    }

    /** The confirmed recovery. */
    public void recover() {
        recoverCount = null;
        try {
            JobView job = actions.recover(merchantKey, notifyUrl, recoverState(), utc(recoverSince), recoverUntil(),
                    operator());
            if (job.finished()) {
                feedback.info("merchant.recovered", job.queued(), job.total());
            } else {
                feedback.info("merchant.recovering", job.queued(), job.total(), job.jobId());
            }
        } catch (Refusal refused) {
            feedback.refused(refused);
        }
        load();
    }

    public void cancelRecover() {
        recoverCount = null;
    }

    private NotificationStatus recoverState() {
        return "success".equals(recoverStatus) ? NotificationStatus.SUCCESS : NotificationStatus.FAILED;
    }

    private Instant recoverUntil() {
        return recoverUntil == null ? clock.instant() : utc(recoverUntil);
    }

    private static Instant utc(LocalDateTime time) {
        return time.toInstant(ZoneOffset.UTC);
    }

    private void act(Runnable action, String doneKey) {
        feedback.run(action, doneKey);
        load();
    }

    private static Operator operator() {
        return ConsoleAccess.operator(FacesContext.getCurrentInstance());
    }

    /** Chart.js: the recent response times, oldest first. */
    public String getResponseChart() {
        List<String> labels = IntStream.rangeClosed(1, responseTimes.size()).mapToObj(String::valueOf).toList();
        return Charts.chart("line", null, labels, List.of(new Charts.Series(texts.get("merchant.response-times"),
                "#fb8c00", responseTimes)), false);
    }

    /** The alerts an operator may raise about a merchant, as the admin API's send-alert allows. */
    public List<AlertType> getAlertTypes() {
        return Arrays.stream(AlertType.values()).filter(AlertType::aboutMerchant).toList();
    }

    public SignType[] getSignTypes() {
        return SignType.values();
    }

    public long getParked() {
        return parked;
    }

    public String getPauseReason() {
        return pauseReason;
    }

    public void setPauseReason(String pauseReason) {
        this.pauseReason = pauseReason;
    }

    public LocalDateTime getRecoverSince() {
        return recoverSince;
    }

    public void setRecoverSince(LocalDateTime recoverSince) {
        this.recoverSince = recoverSince;
    }

    public LocalDateTime getRecoverUntil() {
        return recoverUntil;
    }

    public void setRecoverUntil(LocalDateTime recoverUntil) {
        this.recoverUntil = recoverUntil;
    }

    public String getRecoverStatus() {
        return recoverStatus;
    }

    public void setRecoverStatus(String recoverStatus) {
        this.recoverStatus = recoverStatus;
    }

    public Long getRecoverCount() {
        return recoverCount;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }

    public String getNotifyUrl() {
        return notifyUrl;
    }

    public MerchantStatusView getStatus() {
        return status;
    }

    public List<Long> getResponseTimes() {
        return responseTimes;
    }

    public SecretView getSecret() {
        return secret;
    }

    public String getIssuedSecret() {
        return issuedSecret;
    }

    public AlertType getAlertType() {
        return alertType;
    }

    public void setAlertType(AlertType alertType) {
        this.alertType = alertType;
    }

    public SignType getSignType() {
        return signType;
    }

    public void setSignType(SignType signType) {
        this.signType = signType;
    }

    public Integer getGraceHours() {
        return graceHours;
    }

    public void setGraceHours(Integer graceHours) {
        this.graceHours = graceHours;
    }
}
