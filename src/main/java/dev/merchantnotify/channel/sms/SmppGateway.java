package dev.merchantnotify.channel.sms;

import dev.merchantnotify.channel.ChannelOutcome;
import dev.merchantnotify.channel.FailureKind;
import dev.merchantnotify.security.BlockedAddressException;
import dev.merchantnotify.security.OutboundGuard;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCoding;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;
import org.jsmpp.util.InvalidDeliveryReceiptException;

/**
 * A carrier's SMS gateway over SMPP 3.4 (jsmpp): one transceiver session per node ({@code bind_transceiver} with the
 * deployment's system id and password, to an address the outbound guard vetted), bound on first use and again after
 * it drops (at most once a second). Each number is one {@code submit_sm} with an SMSC delivery receipt requested:
 * text in the SMSC's default alphabet when it is ASCII, else UCS-2, in {@code message_payload} when longer than one
 * message. The {@code submit_sm_resp}'s message id is the number's reference; its {@code command_status} is mapped:
 * {@code ESME_RTHROTTLED} (0x58) and {@code ESME_RMSGQFUL} (0x14) {@code throttled}, {@code ESME_RINVDSTADR} (0x0B)
 * {@code invalid_recipient}, {@code ESME_RINVSRCADR} (0x0A) {@code not_found}, a refused bind {@code auth}, others
 * {@code rejected}. The SMSC's {@code deliver_sm} receipts are handed to {@code receipts}.
 *
 * <p>jsmpp answers a submit on the thread that sent it: at most {@code window} submits are in flight, each on a thread
 * of a pool of that size; the session's own reader thread takes the answers and receipts.
 */
final class SmppGateway implements SmsProvider {

    private static final Logger LOG = Logger.getLogger(SmppGateway.class.getName());
    private static final long REBIND_PAUSE_MILLIS = 1000;

    /** The gateway's settings. */
    record Settings(String host, int port, String systemId, String password, String systemType, String sourceAddr,
                    int window) {
    }

    /** A receipt the SMSC delivered: the message id, its final state, the error code, when it was done. */
    record Receipt(String messageId, String recipient, String state, String error) {
    }

    private final Settings settings;
    private final OutboundGuard guard;
    private final long connectMillis;
    private final long requestMillis;
    private final ExecutorService submits;
    private final Consumer<Receipt> receipts;
    private SMPPSession session;
    private long lastFailureAt;
    private NumberResultFailure lastFailure;

    private record NumberResultFailure(FailureKind kind, String message) {
    }

    SmppGateway(Settings settings, OutboundGuard guard, ThreadFactory threads, long connectMillis, long requestMillis,
                Consumer<Receipt> receipts) {
        this.settings = settings;
        this.guard = guard;
        this.connectMillis = connectMillis;
        this.requestMillis = requestMillis;
        this.receipts = receipts;
        ThreadPoolExecutor pool = new ThreadPoolExecutor(settings.window(), settings.window(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads);
        pool.allowCoreThreadTimeOut(true);
        this.submits = pool;
    }

    @Override
    public SmsSettings.Provider name() {
        return SmsSettings.Provider.SMPP;
    }

    @Override
    public CompletableFuture<List<NumberResult>> send(SmsMessage message) {
        List<CompletableFuture<NumberResult>> each = new ArrayList<>();
        for (String number : message.to()) {
            CompletableFuture<NumberResult> result = new CompletableFuture<>();
            try {
                submits.execute(() -> result.complete(submit(number, message.text())));
            } catch (RejectedExecutionException stopping) {
                result.complete(NumberResult.refused(number, FailureKind.NETWORK, "stopping", "the server is stopping"));
            }
            each.add(result);
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .thenApply(done -> each.stream().map(CompletableFuture::join).toList());
    }

    private NumberResult submit(String number, String text) {
        SMPPSession bound;
        try {
            bound = session();
        } catch (SessionFailure e) {
            return NumberResult.refused(number, e.kind, e.kind.apiName(), e.getMessage());
        }
        boolean ascii = text.chars().allMatch(c -> c < 128);
        byte[] bytes = ascii ? text.getBytes(StandardCharsets.US_ASCII) : text.getBytes(StandardCharsets.UTF_16BE);
        DataCoding coding = new GeneralDataCoding(ascii ? Alphabet.ALPHA_DEFAULT : Alphabet.ALPHA_UCS2);
        boolean oneMessage = bytes.length <= (ascii ? 160 : 140);
        OptionalParameter[] optional = oneMessage ? new OptionalParameter[0]
                : new OptionalParameter[] {new OptionalParameter.OctetString(OptionalParameter.Tag.MESSAGE_PAYLOAD
                .code(), bytes)};
        try {
            String id = bound.submitShortMessage("", sourceTon(), NumberingPlanIndicator.UNKNOWN,
                    settings.sourceAddr() == null ? "" : settings.sourceAddr(),
                    TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, number.substring(1),
                    new ESMClass(), (byte) 0, (byte) 1, null, null,
                    new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE), (byte) 0, coding, (byte) 0,
                    oneMessage ? bytes : new byte[0], optional).getMessageId();
            return NumberResult.accepted(number, id, "ESME_ROK");
        } catch (NegativeResponseException e) {
            int status = e.getCommandStatus();
            return NumberResult.refused(number, kindOf(status), String.format("0x%02X", status),
                    "the SMSC refused " + number + ": command_status " + String.format("0x%02X", status)
                    + statusName(status));
        } catch (ResponseTimeoutException e) {
            return NumberResult.refused(number, FailureKind.TIMEOUT, "timeout", "no submit_sm_resp from the SMSC at "
                    + where() + " within " + requestMillis + " ms");
        } catch (PDUException | InvalidResponseException e) {
            return NumberResult.refused(number, FailureKind.REJECTED, "pdu", "the SMSC's exchange failed: "
                    + ChannelOutcome.quote(e));
        } catch (IOException e) {
            dropSession(bound);
            return NumberResult.refused(number, FailureKind.NETWORK, "network", "the session with the SMSC at "
                    + where() + " broke: " + ChannelOutcome.quote(e));
        }
    }

    private TypeOfNumber sourceTon() {
        String source = settings.sourceAddr();
        return source == null || source.isEmpty() ? TypeOfNumber.UNKNOWN
                : source.chars().allMatch(Character::isDigit) ? TypeOfNumber.INTERNATIONAL : TypeOfNumber.ALPHANUMERIC;
    }

    static FailureKind kindOf(int commandStatus) {
        return switch (commandStatus) {
            case 0x58, 0x14 -> FailureKind.THROTTLED;
            case 0x0B -> FailureKind.INVALID_RECIPIENT;
            case 0x0A -> FailureKind.NOT_FOUND;
            case 0x0D, 0x0E, 0x0F -> FailureKind.AUTH;
            case 0x08 -> FailureKind.NETWORK;
            default -> FailureKind.REJECTED;
        };
    }

    private static String statusName(int status) {
        return switch (status) {
            case 0x58 -> " (ESME_RTHROTTLED)";
            case 0x14 -> " (ESME_RMSGQFUL)";
            case 0x0B -> " (ESME_RINVDSTADR: invalid destination address)";
            case 0x0A -> " (ESME_RINVSRCADR: invalid source address)";
            case 0x08 -> " (ESME_RSYSERR)";
            case 0x45 -> " (ESME_RSUBMITFAIL)";
            default -> "";
        };
    }

    /** A session that could not be bound, as a failure for every number. */
    private static final class SessionFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final FailureKind kind;

        SessionFailure(FailureKind kind, String message) {
            super(message, null, false, false);
            this.kind = kind;
        }
    }

    /** The bound session, binding it when there is none (or it dropped). */
    private synchronized SMPPSession session() throws SessionFailure {
        if (session != null && session.getSessionState().isBound()) {
            return session;
        }
        if (session != null) {
            session.close();
            session = null;
        }
        long now = System.currentTimeMillis();
        if (lastFailure != null && now - lastFailureAt < REBIND_PAUSE_MILLIS) {
            throw new SessionFailure(lastFailure.kind(), lastFailure.message() + " (" + (now - lastFailureAt)
                    + " ms ago; bound again at most once a second)");
        }
        try {
            session = bind();
            lastFailure = null;
            return session;
        } catch (SessionFailure e) {
            lastFailure = new NumberResultFailure(e.kind, e.getMessage());
            lastFailureAt = now;
            throw e;
        }
    }

    private SMPPSession bind() throws SessionFailure {
        List<InetAddress> permitted;
        try {
            permitted = guard.resolve(settings.host());
        } catch (BlockedAddressException e) {
            throw new SessionFailure(FailureKind.BLOCKED, "the SMSC at " + where() + " is not a permitted address: "
                    + e.getMessage());
        } catch (UnknownHostException e) {
            throw new SessionFailure(FailureKind.CONNECT, "the SMSC's host " + settings.host() + " does not resolve");
        }
        SMPPSession opened = new SMPPSession();
        opened.setTransactionTimer(requestMillis);
        opened.setEnquireLinkTimer(30_000);
        opened.setMessageReceiverListener(new Receiver());
        try {
            opened.connectAndBind(permitted.get(0).getHostAddress(), settings.port(), new BindParameter(
                    BindType.BIND_TRX, settings.systemId(), settings.password(), settings.systemType(),
                    TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null), connectMillis);
            LOG.info(() -> "Bound to the SMSC at " + where() + " as " + settings.systemId());
            return opened;
        } catch (IOException e) {
            opened.close();
            Throwable cause = e.getCause();
            if (cause instanceof NegativeResponseException refused) {
                throw new SessionFailure(kindOf(refused.getCommandStatus()) == FailureKind.AUTH ? FailureKind.AUTH
                        : FailureKind.CONNECT, "the SMSC at " + where() + " refused the bind of system id '"
                        + settings.systemId() + "': command_status " + String.format("0x%02X",
                        refused.getCommandStatus()) + ": fix notify.sms.smpp.system-id or password");
            }
            throw new SessionFailure(FailureKind.CONNECT, "could not bind to the SMSC at " + where() + ": "
                    + ChannelOutcome.quote(e));
        }
    }

    private synchronized void dropSession(SMPPSession broken) {
        if (session == broken) {
            session.close();
            session = null;
        }
    }

    private String where() {
        return "smpp://" + settings.host() + ":" + settings.port();
    }

    /** Takes the SMSC's delivery receipts (deliver_sm with the receipt flag); other messages are acknowledged only. */
    private final class Receiver implements MessageReceiverListener {
        @Override
        public void onAcceptDeliverSm(DeliverSm deliverSm) throws ProcessRequestException {
            if (!deliverSm.isSmscDeliveryReceipt()) {
                return;
            }
            try {
                DeliveryReceipt receipt = deliverSm.getShortMessageAsDeliveryReceipt();
                receipts.accept(new Receipt(receipt.getId(), "+" + deliverSm.getSourceAddr(),
                        String.valueOf(receipt.getFinalStatus()), receipt.getError()));
            } catch (InvalidDeliveryReceiptException e) {
                LOG.log(Level.WARNING, "A delivery receipt from the SMSC at {0} could not be read: {1}",
                        new Object[] {where(), e.getMessage()});
            }
        }

        @Override
        public void onAcceptAlertNotification(AlertNotification alertNotification) {
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw new ProcessRequestException("data_sm is not taken", 0x03);
        }
    }

    void stop() {
        synchronized (this) {
            if (session != null) {
                session.unbindAndClose();
                session = null;
            }
        }
        submits.shutdownNow();
    }
}
