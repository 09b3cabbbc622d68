package dev.merchantnotify.console;

import dev.merchantnotify.admin.MerchantStatusView;
import dev.merchantnotify.admin.Operator;
import dev.merchantnotify.admin.OperatorActions;
import dev.merchantnotify.admin.OperatorQueries;
import dev.merchantnotify.admin.SecretView;
import dev.merchantnotify.alerting.AlertType;
import dev.merchantnotify.merchant.Merchant;
import dev.merchantnotify.merchant.MerchantKey;
import dev.merchantnotify.merchant.Merchants;
import dev.merchantnotify.signing.MerchantSecrets;
import dev.merchantnotify.signing.SignType;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

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
    Merchants merchants;

    @Inject
    OperatorQueries queries;

    @Inject
    OperatorActions actions;

    @Inject
    MerchantSecrets secrets;

    @Inject
    Texts texts;

    @Inject
    Feedback feedback;

    private String key;
    private String notifyUrl;
    private MerchantStatusView status;
    private List<Long> responseTimes = List.of();
    private SecretView secret;
    private String issuedSecret;
    private String alertType = AlertType.CIRCUIT_BREAKER.apiName();
    private String signType = SignType.HMAC_SHA256.name();
    private Integer graceHours;

    /** Reads the merchant named by the {@code key} view parameter. */
    public void load() {
        Merchant merchant = key == null ? null : merchants.find(key).orElse(null);
        if (merchant == null) {
            status = null;
            return;
        }
        notifyUrl = merchant.getNotifyUrl();
        MerchantKey merchantKey = new MerchantKey(key);
        status = queries.merchantStatus(merchantKey, notifyUrl);
        responseTimes = queries.responseTimes(merchantKey, notifyUrl);
        secret = queries.merchantSecret(merchantKey, notifyUrl).orElse(null);
        if (graceHours == null) {
            graceHours = (int) secrets.rotationGrace().toHours();
        }
    }

    public void resetBreaker() {
        act(() -> actions.resetBreaker(new MerchantKey(key), notifyUrl, operator()), "merchant.reset-done");
    }

    public void sendAlert() {
        AlertType type = List.of(AlertType.values()).stream().filter(t -> t.apiName().equals(alertType)).findFirst()
                .orElse(AlertType.CIRCUIT_BREAKER);
        act(() -> actions.sendAlert(new MerchantKey(key), notifyUrl, type, operator()), "merchant.alert-sent");
    }

    /** Issues a generated secret (or a new one, the old one valid for the grace hours); the page shows it once. */
    public void issueSecret() {
        act(() -> issuedSecret = actions.issueSecret(new MerchantKey(key), notifyUrl, SignType.valueOf(signType), null,
                Duration.ofHours(graceHours == null ? 0 : Math.max(0, graceHours)), operator()).secret(),
                "merchant.secret-issued");
    }

    public void removeSecret() {
        act(() -> actions.removeSecret(new MerchantKey(key), notifyUrl, operator()), "merchant.secret-removed");
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
        JsonArrayBuilder labels = Json.createArrayBuilder();
        JsonArrayBuilder data = Json.createArrayBuilder();
        for (int i = 0; i < responseTimes.size(); i++) {
            labels.add(i + 1);
            data.add(responseTimes.get(i));
        }
        return Json.createObjectBuilder()
                .add("type", "line")
                .add("data", Json.createObjectBuilder().add("labels", labels).add("datasets", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("label", texts.get("merchant.response-times"))
                                .add("data", data).add("borderColor", "#fb8c00").add("pointRadius", 2))))
                .add("options", Json.createObjectBuilder().add("animation", false).add("maintainAspectRatio", false))
                .build().toString();
    }

    public List<String> getAlertTypes() {
        return List.of(AlertType.CIRCUIT_BREAKER.apiName(), AlertType.SLOW_MERCHANT.apiName());
    }

    public List<String> getSignTypes() {
        return List.of(SignType.values()).stream().map(SignType::name).toList();
    }

    public String label(String signTypeName) {
        return SignType.valueOf(signTypeName).apiName().toUpperCase(Locale.ROOT);
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

    public String getAlertType() {
        return alertType;
    }

    public void setAlertType(String alertType) {
        this.alertType = alertType;
    }

    public String getSignType() {
        return signType;
    }

    public void setSignType(String signType) {
        this.signType = signType;
    }

    public Integer getGraceHours() {
        return graceHours;
    }

    public void setGraceHours(Integer graceHours) {
        this.graceHours = graceHours;
    }
}
