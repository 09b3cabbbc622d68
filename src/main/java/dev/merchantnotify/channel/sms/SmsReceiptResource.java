package dev.merchantnotify.channel.sms;

import dev.merchantnotify.deliverylog.ReceiptState;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The providers' delivery receipts, posted to this service (no login: each is checked the provider's way):
 * <ul>
 *   <li>{@code POST /callbacks/sms/twilio}: Twilio's status callback (form), its {@code X-Twilio-Signature} checked
 *       (HMAC-SHA1 of the callback URL and the sorted parameters, keyed by the auth token); {@code delivered}
 *       confirms, {@code undelivered} and {@code failed} deny with the {@code ErrorCode}, the other statuses say
 *       nothing yet;</li>
 *   <li>{@code POST /callbacks/sms/tencent?token=…}: Tencent Cloud's status reports (a JSON array of
 *       {@code sid}, {@code nationcode}, {@code mobile}, {@code report_status} SUCCESS or FAIL, {@code errmsg},
 *       {@code description}), answered {@code {"result":0,"errmsg":"OK"}}; Tencent signs nothing, so the URL carries
 *       {@code notify.sms.tencent.report-token};</li>
 *   <li>{@code POST /callbacks/sms/aliyun?token=…}: Aliyun's receipt reports (a JSON array of {@code biz_id},
 *       {@code phone_number}, {@code success}, {@code err_code}, {@code err_msg}), answered
 *       {@code {"code":0,"msg":"成功"}}; the URL carries {@code notify.sms.aliyun.report-token}.</li>
 * </ul>
 * A wrong signature or token is answered 403 and records nothing.
 */
@Path("callbacks/sms")
@RequestScoped
public class SmsReceiptResource {

    /** Where Twilio posts its status callbacks, under {@code notify.sms.callback-base-url}. */
    public static final String TWILIO_PATH = "/callbacks/sms/twilio";
    private static final Logger LOG = Logger.getLogger(SmsReceiptResource.class.getName());

    @Inject
    SmsDeployment deployment;

    @Inject
    SmsReceipts receipts;

    @Inject
    Clock clock;

    @POST
    @Path("twilio")
    @Operation(summary = "Twilio's status callback for an SMS (signed with X-Twilio-Signature)")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response twilio(@HeaderParam("X-Twilio-Signature") String signature, MultivaluedMap<String, String> form) {
        var account = deployment.twilio();
        String base = deployment.callbackBaseUrl();
        if (account.isEmpty() || base == null) {
            return Response.status(Response.Status.NOT_FOUND).build();
        }
        Map<String, String> parameters = new TreeMap<>();
        form.forEach((name, values) -> parameters.put(name, values.isEmpty() ? "" : values.get(0)));
        if (signature == null || !constantTimeEquals(signature, twilioSignature(account.get().secret(),
                base + TWILIO_PATH, parameters))) {
            LOG.warning("A Twilio status callback with a wrong or missing X-Twilio-Signature was refused");
            return Response.status(Response.Status.FORBIDDEN).build();
        }
        String status = parameters.getOrDefault("MessageStatus", parameters.getOrDefault("SmsStatus", ""));
        String sid = parameters.getOrDefault("MessageSid", parameters.get("SmsSid"));
        String to = parameters.get("To");
        ReceiptState state = switch (status) {
            case "delivered", "read" -> ReceiptState.CONFIRMED;
            case "undelivered", "failed" -> ReceiptState.UNDELIVERED;
            default -> null;
        };
        if (state != null && sid != null && to != null) {
            String code = parameters.get("ErrorCode");
            receipts.received(SmsSettings.Provider.TWILIO, sid, SmsReceipts.e164(to, null), state,
                    status + (code == null || code.isEmpty() ? "" : " (" + code + ")"), clock.instant());
        }
        return Response.noContent().build();
    }

    @POST
    @Path("tencent")
    @Operation(summary = "Tencent Cloud's SMS status reports (the URL carries notify.sms.tencent.report-token)")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response tencent(@QueryParam("token") String token, String body) {
        if (!tokenMatches(deployment.tencentReportToken(), token)) {
            return Response.status(Response.Status.FORBIDDEN)
                    .entity("{\"result\":1,\"errmsg\":\"wrong or missing token\"}").build();
        }
        JsonArray reports = array(body);
        if (reports == null) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity("{\"result\":1,\"errmsg\":\"the body is not a JSON array of status reports\"}").build();
        }
        for (JsonValue value : reports) {
            if (!(value instanceof JsonObject report) || report.getString("sid", null) == null) {
                continue;
            }
            boolean success = "SUCCESS".equalsIgnoreCase(report.getString("report_status", ""));
            record(SmsSettings.Provider.TENCENT, report.getString("sid"),
                    SmsReceipts.e164(report.getString("mobile", ""), report.getString("nationcode", null)),
                    success, report.getString("errmsg", "") + " " + report.getString("description", ""));
        }
        return Response.ok("{\"result\":0,\"errmsg\":\"OK\"}").build();
    }

    @POST
    @Path("aliyun")
    @Operation(summary = "Aliyun's SMS receipt reports (the URL carries notify.sms.aliyun.report-token)")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response aliyun(@QueryParam("token") String token, String body) {
        if (!tokenMatches(deployment.aliyunReportToken(), token)) {
            return Response.status(Response.Status.FORBIDDEN).entity("{\"code\":1,\"msg\":\"wrong or missing token\"}")
                    .build();
        }
        JsonArray reports = array(body);
        if (reports == null) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity("{\"code\":1,\"msg\":\"the body is not a JSON array of receipt reports\"}").build();
        }
        for (JsonValue value : reports) {
            if (!(value instanceof JsonObject report) || report.getString("biz_id", null) == null) {
                continue;
            }
            boolean success = report.get("success") == JsonValue.TRUE
                    || "true".equals(String.valueOf(report.get("success")).replace("\"", ""));
            record(SmsSettings.Provider.ALIYUN, report.getString("biz_id"),
                    SmsReceipts.e164(report.getString("phone_number", ""), null), success,
                    report.getString("err_code", "") + " " + report.getString("err_msg", ""));
        }
        return Response.ok("{\"code\":0,\"msg\":\"成功\"}").build();
    }

    private void record(SmsSettings.Provider provider, String reference, String recipient, boolean success,
                        String reason) {
        try {
            receipts.received(provider, reference, recipient, success ? ReceiptState.CONFIRMED
                    : ReceiptState.UNDELIVERED, reason.strip(), clock.instant());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A {0} receipt for {1} could not be recorded: {2}",
                    new Object[] {provider.apiName(), reference, e.toString()});
            throw e;
        }
    }

    private static JsonArray array(String body) {
        try {
            JsonValue value = Json.createReader(new StringReader(body == null ? "" : body)).readValue();
            return value instanceof JsonArray array ? array : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean tokenMatches(String expected, String given) {
        return expected != null && given != null && constantTimeEquals(expected, given);
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** Twilio's request signature: Base64(HMAC-SHA1(auth token, URL + each sorted parameter's name and value)). */
    static String twilioSignature(String authToken, String url, Map<String, String> sortedParameters) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(sortedParameters).forEach((name, value) -> data.append(name).append(value));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is not available", e);
        }
    }
}
