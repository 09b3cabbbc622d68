package dev.merchantnotify.console;

import dev.merchantnotify.operator.MerchantStatusView;
import dev.merchantnotify.operator.Operator;
import dev.merchantnotify.operator.OperatorActions;
import dev.merchantnotify.operator.OperatorQueries;
import dev.merchantnotify.operator.SecretView;
import dev.merchantnotify.alerting.AlertType;
import dev.merchantnotify.merchant.Merchant;
import dev.merchantnotify.merchant.MerchantKey;
import dev.merchantnotify.signing.SignType;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * One merchant: its live health, its recent response times as a chart, and what operators do to it: reset its
 * breaker, send an alert about it, issue or rotate its signing secret (shown once) or remove it. Every action is
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
