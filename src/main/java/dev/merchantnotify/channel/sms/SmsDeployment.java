package dev.merchantnotify.channel.sms;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The deployment's SMS settings ({@code notify.sms.*}): the platform's accounts at each provider (their keys are
 * secrets: read from the environment, never logged), the per-account daily cap and the built-in texts' language. Read
 * once and validated at start-up (a wrong value stops the application with a sentence naming the key). A provider
 * without credentials is not configured: a destination that names it is refused. Defaults and meanings are in
 * {@code META-INF/microprofile-config.properties}.
 */
@ApplicationScoped
public class SmsDeployment {

    @Inject
    @ConfigProperty(name = "notify.sms.daily-cap")
    int dailyCap;

    @Inject
    @ConfigProperty(name = "notify.sms.daily-cap-zone")
    String capZone;

    @Inject
    @ConfigProperty(name = "notify.sms.language")
    String language;

    @Inject
    @ConfigProperty(name = "notify.sms.aliyun.endpoint")
    String aliyunEndpoint;

    @Inject
    @ConfigProperty(name = "notify.sms.aliyun.access-key-id")
    Optional<String> aliyunKeyId;

    @Inject
    @ConfigProperty(name = "notify.sms.aliyun.access-key-secret")
    Optional<String> aliyunKeySecret;

    @Inject
    @ConfigProperty(name = "notify.sms.aliyun.report-token")
    Optional<String> aliyunReportToken;

    @Inject
    @ConfigProperty(name = "notify.sms.tencent.report-token")
    Optional<String> tencentReportToken;

    @Inject
    @ConfigProperty(name = "notify.sms.tencent.endpoint")
    String tencentEndpoint;

    @Inject
    @ConfigProperty(name = "notify.sms.tencent.secret-id")
    Optional<String> tencentSecretId;

    @Inject
    @ConfigProperty(name = "notify.sms.tencent.secret-key")
    Optional<String> tencentSecretKey;

    @Inject
    @ConfigProperty(name = "notify.sms.tencent.sdk-app-id")
    Optional<String> tencentAppId;

    @Inject
    @ConfigProperty(name = "notify.sms.tencent.region")
    String tencentRegion;

    @Inject
    @ConfigProperty(name = "notify.sms.twilio.endpoint")
    String twilioEndpoint;

    @Inject
    @ConfigProperty(name = "notify.sms.twilio.account-sid")
    Optional<String> twilioAccountSid;

    @Inject
    @ConfigProperty(name = "notify.sms.twilio.auth-token")
    Optional<String> twilioAuthToken;

    @Inject
    @ConfigProperty(name = "notify.sms.twilio.from")
    Optional<String> twilioFrom;

    @Inject
    @ConfigProperty(name = "notify.sms.smpp.host")
    Optional<String> smppHost;

    @Inject
    @ConfigProperty(name = "notify.sms.smpp.port")
    int smppPort;

    @Inject
    @ConfigProperty(name = "notify.sms.smpp.system-id")
    Optional<String> smppSystemId;

    @Inject
    @ConfigProperty(name = "notify.sms.smpp.password")
    Optional<String> smppPassword;

    @Inject
    @ConfigProperty(name = "notify.sms.smpp.system-type")
    Optional<String> smppSystemType;

    @Inject
    @ConfigProperty(name = "notify.sms.smpp.source-addr")
    Optional<String> smppSourceAddr;

    @Inject
    @ConfigProperty(name = "notify.sms.smpp.window")
    int smppWindow;

    @Inject
    @ConfigProperty(name = "notify.sms.callback-base-url")
    Optional<String> callbackBaseUrl;

    private ZoneId zone;

    /** The platform's account at an HTTP provider, or absent when it is not configured. */
    record Account(URI endpoint, String keyId, String secret, String extra) {
    }

    @PostConstruct
    void validate() {
        if (dailyCap < 0) {
            throw invalid("notify.sms.daily-cap", "0 (no cap) or more");
        }
        try {
            zone = ZoneId.of(capZone.strip());
        } catch (DateTimeException e) {
            throw invalid("notify.sms.daily-cap-zone", "a time zone such as UTC or Asia/Shanghai, not '" + capZone + "'");
        }
        if (!language.equals("zh") && !language.equals("en")) {
            throw invalid("notify.sms.language", "zh or en");
        }
        for (String[] endpoint : new String[][] {{"notify.sms.aliyun.endpoint", aliyunEndpoint},
                {"notify.sms.tencent.endpoint", tencentEndpoint}, {"notify.sms.twilio.endpoint", twilioEndpoint}}) {
            endpoint(endpoint[0], endpoint[1]);
        }
        callbackBaseUrl.map(String::strip).filter(url -> !url.isEmpty())
                .ifPresent(url -> endpoint("notify.sms.callback-base-url", url));
        if (given(tencentSecretId) != null && given(tencentAppId) == null) {
            throw invalid("notify.sms.tencent.sdk-app-id", "set with notify.sms.tencent.secret-id (the SmsSdkAppId)");
        }
        if (smppPort < 1 || smppPort > 65535) {
            throw invalid("notify.sms.smpp.port", "between 1 and 65535");
        }
        if (smppWindow < 1 || smppWindow > 64) {
            throw invalid("notify.sms.smpp.window", "between 1 and 64");
        }
        if (given(smppHost) != null && given(smppSystemId) == null) {
            throw invalid("notify.sms.smpp.system-id", "set with notify.sms.smpp.host (the ESME's system_id)");
        }
        if (given(twilioAccountSid) != null && given(twilioFrom) == null) {
            throw invalid("notify.sms.twilio.from", "set with notify.sms.twilio.account-sid (a number in E.164 or a "
                    + "Messaging Service SID)");
        }
    }

    private static URI endpoint(String key, String value) {
        try {
            URI uri = new URI(value.strip());
            if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw invalid(key, "an http(s) URL, not '" + value + "'");
        }
    }

    private static String given(Optional<String> value) {
        return value.map(String::strip).filter(v -> !v.isEmpty()).orElse(null);
    }

    private static IllegalStateException invalid(String key, String expectation) {
        return new IllegalStateException("Invalid setting " + key + ": it must be " + expectation);
    }

    /** SMS one account may have accepted per day (0: no cap). */
    int dailyCap() {
        return dailyCap;
    }

    /** The zone whose midnight starts a new day for the cap. */
    ZoneId capZone() {
        return zone;
    }

    /** The built-in texts' language where a destination does not choose. */
    String language() {
        return language;
    }

    /** Aliyun: endpoint, AccessKey id and secret. */
    Optional<Account> aliyun() {
        return given(aliyunKeyId) == null || given(aliyunKeySecret) == null ? Optional.empty()
                : Optional.of(new Account(endpoint("notify.sms.aliyun.endpoint", aliyunEndpoint),
                given(aliyunKeyId), given(aliyunKeySecret), null));
    }

    /** Tencent Cloud: endpoint, SecretId and SecretKey, and the SmsSdkAppId; the region is {@link #tencentRegion()}. */
    Optional<Account> tencent() {
        return given(tencentSecretId) == null || given(tencentSecretKey) == null ? Optional.empty()
                : Optional.of(new Account(endpoint("notify.sms.tencent.endpoint", tencentEndpoint),
                given(tencentSecretId), given(tencentSecretKey), given(tencentAppId)));
    }

    String tencentRegion() {
        return tencentRegion.strip();
    }

    /** Twilio: endpoint, Account SID and auth token, and the sender (a number or a Messaging Service SID). */
    Optional<Account> twilio() {
        return given(twilioAccountSid) == null || given(twilioAuthToken) == null ? Optional.empty()
                : Optional.of(new Account(endpoint("notify.sms.twilio.endpoint", twilioEndpoint),
                given(twilioAccountSid), given(twilioAuthToken), given(twilioFrom)));
    }

    /** The carrier's SMSC over SMPP, or absent when {@code notify.sms.smpp.host} is not set. */
    Optional<SmppGateway.Settings> smpp() {
        return given(smppHost) == null ? Optional.empty()
                : Optional.of(new SmppGateway.Settings(given(smppHost), smppPort, given(smppSystemId),
                smppPassword.orElse(""), smppSystemType.map(String::strip).orElse(""), given(smppSourceAddr),
                smppWindow));
    }

    /** The token Aliyun's receipt reports must carry ({@code ?token=}), or null: Aliyun's reports are refused. */
    String aliyunReportToken() {
        return given(aliyunReportToken);
    }

    /** The token Tencent Cloud's status reports must carry ({@code ?token=}), or null: they are refused. */
    String tencentReportToken() {
        return given(tencentReportToken);
    }

    /** This service's public base URL, where providers post receipts; null when not set (no Twilio callbacks). */
    String callbackBaseUrl() {
        String url = given(callbackBaseUrl);
        return url == null ? null : url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
