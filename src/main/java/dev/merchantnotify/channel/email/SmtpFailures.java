package dev.merchantnotify.channel.email;

import dev.merchantnotify.channel.ChannelOutcome;
import dev.merchantnotify.channel.FailureKind;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * What an SMTP server's answers and Jakarta Mail's exceptions mean, as an attempt's outcome. The server's reply code
 * decides: 4xx is temporary ({@code throttled}, retried), 5xx to a recipient is permanent for that recipient, 552 to
 * the message is {@code too_large}, other 5xx to the message {@code rejected}.
 *
 * <p>The reply code and the refused address of each recipient come from the exceptions Jakarta Mail's SMTP provider
 * chains ({@code getReturnCode()}, {@code getAddress()}; read by reflection, as the provider's classes are not part of
 * the API), else from the reply text, which starts with the code.
 */
final class SmtpFailures {

    private static final Pattern REPLY_CODE = Pattern.compile("^\\s*([2-5][0-9][0-9])\\b");
    private static final Pattern ANGLE_ADDRESS = Pattern.compile("<([^<>\\s]+@[^<>\\s]+)>");

    /** A recipient the server refused, with its reply. */
    record Refused(String address, int code, String reply) {
        boolean temporary() {
            return code >= 400 && code < 500;
        }

        @Override
        public String toString() {
            return address + " (" + reply + ")";
        }
    }

    /** What a send that threw means: a failure, or a delivery to some of the recipients. */
    record Judged(ChannelOutcome outcome, boolean connectionUsable) {
    }

    private SmtpFailures() {
    }

    /** The outcome of a connection that could not be made or authenticated. */
    static ChannelOutcome ofConnect(MessagingException e, SmtpServerSettings server, java.time.Instant startedAt,
                                    long durationMs, long connectMillis) {
        String where = server.shown();
        if (e instanceof AuthenticationFailedException) {
            return ChannelOutcome.failed(startedAt, durationMs, FailureKind.AUTH, "the SMTP server " + where
                    + " refused the credentials" + (server.username() == null ? "" : " of user '" + server.username()
                    + "'") + " (" + ChannelOutcome.quote(e) + "): fix the username or password");
        }
        Throwable cause = rootCause(e);
        if (cause instanceof SocketTimeoutException) {
            return ChannelOutcome.failed(startedAt, durationMs, FailureKind.CONNECT, "no answer from the SMTP server "
                    + where + " within " + connectMillis + " ms");
        }
        if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
                || cause instanceof UnknownHostException) {
            return ChannelOutcome.failed(startedAt, durationMs, FailureKind.CONNECT, "could not connect to the SMTP "
                    + "server " + where + ": " + ChannelOutcome.quote(cause));
        }
        if (cause instanceof SSLException) {
            return ChannelOutcome.failed(startedAt, durationMs, FailureKind.CONNECT, "TLS with the SMTP server " + where
                    + " failed: " + ChannelOutcome.quote(cause));
        }
        int code = code(e);
        if (code >= 400 && code < 500) {
            return ChannelOutcome.failed(startedAt, durationMs, FailureKind.THROTTLED, "the SMTP server " + where
                    + " asks to try later: " + ChannelOutcome.quote(e));
        }
        return ChannelOutcome.failed(startedAt, durationMs, FailureKind.CONNECT, "the SMTP server " + where
                + " did not take the connection: " + ChannelOutcome.quote(e));
    }

    /**
     * The outcome of a send that threw after connecting.
     *
     * @param recipients every recipient of the message, in order
     */
    static Judged ofSend(MessagingException e, List<String> recipients, SmtpServerSettings server,
                         java.time.Instant startedAt, long durationMs, long requestMillis) {
        String where = server.shown();
        int replied = code(e);
        // Refused recipients come as a SendFailedException without a code (nobody took it) or with the 250 that
        // took the message for the others; one with a 4xx or 5xx code is the message refused (MAIL FROM, DATA).
        if (e instanceof SendFailedException failed && (replied == 0 || replied / 100 == 2)) {
            List<Refused> refused = refusedRecipients(failed);
            List<String> sent = addresses(failed.getValidSentAddresses());
            if (!refused.isEmpty() || !sent.isEmpty()) {
                return new Judged(ofRecipients(refused, sent, recipients, startedAt, durationMs), true);
            }
        }
        Throwable cause = rootCause(e);
        if (cause instanceof SocketTimeoutException) {
            return new Judged(ChannelOutcome.failed(startedAt, durationMs, FailureKind.TIMEOUT, "no answer from the "
                    + "SMTP server " + where + " within " + requestMillis + " ms"), false);
        }
        if (cause instanceof IOException) {
            return new Judged(ChannelOutcome.failed(startedAt, durationMs, FailureKind.NETWORK, "the connection to "
                    + "the SMTP server " + where + " broke: " + ChannelOutcome.quote(cause)), false);
        }
        int code = replied;
        String reply = ChannelOutcome.quote(oneLine(e.getMessage()));
        if (code == 552 || code == 523) {
            return new Judged(ChannelOutcome.failed(startedAt, durationMs, FailureKind.TOO_LARGE, "the SMTP server "
                    + where + " refused the message as too large (" + reply + ")"), true);
        }
        if (code >= 400 && code < 500) {
            return new Judged(ChannelOutcome.failed(startedAt, durationMs, FailureKind.THROTTLED, "the SMTP server "
                    + where + " asks to try later (" + reply + ")"), code != 421);
        }
        if (code >= 500) {
            return new Judged(ChannelOutcome.failed(startedAt, durationMs, FailureKind.REJECTED, "the SMTP server "
                    + where + " refused the " + (senderRefused(e) ? "sender (" + reply + "): fix notify.email.from or "
                    + "the destination's from" : "message (" + reply + ")")), true);
        }
        return new Judged(ChannelOutcome.failed(startedAt, durationMs, FailureKind.NETWORK, "the SMTP exchange with "
                + where + " failed: " + reply), false);
    }

    /**
     * Some recipients refused: a refusal that is temporary makes the attempt {@code throttled} (retried; those who
     * took it may get it again), else it is delivered when anyone took it (the refused ones named in its answer), and
     * {@code invalid_recipient} when nobody did.
     */
    static ChannelOutcome ofRecipients(List<Refused> refused, List<String> sent, List<String> recipients,
                                       java.time.Instant startedAt, long durationMs) {
        List<Refused> temporary = refused.stream().filter(Refused::temporary).toList();
        if (!temporary.isEmpty()) {
            return ChannelOutcome.failed(startedAt, durationMs, FailureKind.THROTTLED, "the SMTP server asks to try "
                    + "later for " + join(temporary) + (sent.isEmpty() ? "" : "; taken for " + String.join(", ", sent)
                    + ", who may receive it again")).answered(null, answer(sent, refused));
        }
        if (sent.isEmpty()) {
            return ChannelOutcome.failed(startedAt, durationMs, FailureKind.INVALID_RECIPIENT, "the SMTP server "
                    + "refused " + (refused.size() == recipients.size() && recipients.size() > 1 ? "every recipient: "
                    : "") + join(refused) + ": fix the destination's recipients")
                    .answered(null, answer(sent, refused));
        }
        return ChannelOutcome.delivered(startedAt, durationMs).answered(null, answer(sent, refused));
    }

    /** The attempt's answer for the log: who took it, who was refused and why. */
    static String answer(List<String> sent, List<Refused> refused) {
        StringBuilder answer = new StringBuilder();
        if (!sent.isEmpty()) {
            answer.append("250 taken for ").append(String.join(", ", sent));
        }
        if (!refused.isEmpty()) {
            if (!answer.isEmpty()) {
                answer.append("; ");
            }
            answer.append("refused: ").append(join(refused));
        }
        return answer.toString();
    }

    private static String join(List<Refused> refused) {
        return String.join(", ", refused.stream().map(Refused::toString).toList());
    }

    /** Each refused recipient with its reply, from the chained exceptions (one per {@code RCPT TO} refused). */
    static List<Refused> refusedRecipients(SendFailedException failed) {
        Map<String, Refused> refused = new LinkedHashMap<>();
        Exception next = failed.getNextException();
        while (next instanceof MessagingException chained) {
            String address = recipientOf(chained);
            if (address != null) {
                int code = code(chained);
                refused.putIfAbsent(address.toLowerCase(java.util.Locale.ROOT), new Refused(address, code,
                        ChannelOutcome.quote(oneLine(chained.getMessage()))));
            }
            next = chained.getNextException();
        }
        // Addresses the provider refused without a reply of their own (malformed ones) are permanent.
        for (String address : addresses(failed.getInvalidAddresses())) {
            refused.putIfAbsent(address.toLowerCase(java.util.Locale.ROOT), new Refused(address, 550,
                    "refused"));
        }
        for (String address : addresses(failed.getValidUnsentAddresses())) {
            refused.putIfAbsent(address.toLowerCase(java.util.Locale.ROOT), new Refused(address, 450,
                    "not sent after another recipient's failure"));
        }
        return new ArrayList<>(refused.values());
    }

    private static String recipientOf(MessagingException e) {
        Object address = invoke(e, "getAddress");
        if (address instanceof Address given) {
            return given.toString();
        }
        if (e instanceof SendFailedException failed && failed.getInvalidAddresses() != null
                && failed.getInvalidAddresses().length == 1) {
            return failed.getInvalidAddresses()[0].toString();
        }
        Matcher matcher = ANGLE_ADDRESS.matcher(String.valueOf(e.getMessage()));
        return matcher.find() ? matcher.group(1) : null;
    }

    /** The SMTP reply code an exception carries, or 0. */
    static int code(MessagingException e) {
        Object code = invoke(e, "getReturnCode");
        if (code instanceof Integer given && given > 0) {
            return given;
        }
        Matcher matcher = REPLY_CODE.matcher(String.valueOf(e.getMessage()));
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    /** Whether the server refused {@code MAIL FROM}, the sender, rather than the message. */
    private static boolean senderRefused(MessagingException e) {
        Object command = invoke(e, "getCommand");
        return command instanceof String given && given.toUpperCase(java.util.Locale.ROOT).startsWith("MAIL");
    }

    private static Object invoke(Object target, String method) {
        try {
            Method getter = target.getClass().getMethod(method);
            return getter.invoke(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static List<String> addresses(Address[] addresses) {
        List<String> list = new ArrayList<>();
        if (addresses != null) {
            for (Address address : addresses) {
                list.add(address.toString());
            }
        }
        return list;
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause == e && e instanceof MessagingException messaging && messaging.getNextException() != null) {
            return rootCause(messaging.getNextException());
        }
        return cause;
    }
}
