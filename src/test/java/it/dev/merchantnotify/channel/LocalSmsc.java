package it.dev.merchantnotify.channel;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.session.connection.ServerConnection;
import org.jsmpp.session.connection.ServerConnectionFactory;
import org.jsmpp.session.connection.socket.ServerSocketConnection;
import org.jsmpp.util.DeliveryReceiptState;
import org.jsmpp.util.MessageId;

/**
 * A carrier's SMS gateway on a loopback port, in the test JVM, built on jsmpp's server side: it takes
 * {@code bind_transceiver} with the test server's system id and password (refusing others with
 * {@code ESME_RINVPASWD}), answers each {@code submit_sm} with a message id (or the error a number is told to get),
 * and, when a receipt was requested, delivers it shortly after as a {@code deliver_sm} in the SMPP 3.4 receipt format
 * ({@code DELIVRD}, or {@code UNDELIV} for a number told so).
 */
public final class LocalSmsc implements AutoCloseable {

    public static final String SYSTEM_ID = "it-esme";
    public static final String PASSWORD = "it-pass";

    /** One message the SMSC took. */
    public record Submitted(String destination, String source, String text, String messageId, byte dataCoding) {
    }

    private final SMPPServerSessionListener listener;
    private final List<SMPPServerSession> sessions = new CopyOnWriteArrayList<>();
    private final List<Submitted> submitted = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> refusals = new ConcurrentHashMap<>();
    private final Map<String, DeliveryReceiptState> outcomes = new ConcurrentHashMap<>();
    private final Map<String, Boolean> silent = new ConcurrentHashMap<>();
    private final ScheduledExecutorService receipts = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger ids = new AtomicInteger(0x5000);
    private final Thread acceptor;
    private volatile String password = PASSWORD;

    private LocalSmsc(int port) throws IOException {
        listener = new SMPPServerSessionListener(port, new ServerConnectionFactory() {
            @Override
            public ServerConnection listen(int p) throws IOException {
                return new ServerSocketConnection(new ServerSocket(p, 50, InetAddress.getLoopbackAddress()));
            }

            @Override
            public ServerConnection listen(int p, int timeout) throws IOException {
                ServerConnection connection = listen(p);
                connection.setSoTimeout(timeout);
                return connection;
            }

            @Override
            public ServerConnection listen(int p, int timeout, int backlog) throws IOException {
                return listen(p, timeout);
            }
        });
        listener.setMessageReceiverListener(new Receiver());
        acceptor = new Thread(this::acceptSessions, "local-smsc");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static LocalSmsc start() throws IOException {
        return new LocalSmsc(Integer.getInteger("it.sms.smpp.port", 9329));
    }

    /** {@code submit_sm} to {@code number} (E.164) is answered with {@code commandStatus}. */
    public void refuse(String number, int commandStatus) {
        refusals.put(number.substring(1), commandStatus);
    }

    /** The receipt for messages to {@code number} says {@code UNDELIV}. */
    public void undeliverable(String number) {
        outcomes.put(number.substring(1), DeliveryReceiptState.UNDELIV);
    }

    /** Messages to {@code number} get no receipt at all (a receipt that never comes). */
    public void silent(String number) {
        silent.put(number.substring(1), true);
    }

    /** Binds are refused unless they give this password. */
    public void expectPassword(String expected) {
        password = expected;
        sessions.forEach(SMPPServerSession::unbindAndClose);
    }

    public List<Submitted> submittedTo(String number) {
        return submitted.stream().filter(s -> s.destination().equals(number.substring(1))).toList();
    }

    private void acceptSessions() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                SMPPServerSession session = listener.accept();
                BindRequest bind = session.waitForBind(5000);
                if (SYSTEM_ID.equals(bind.getSystemId()) && password.equals(bind.getPassword())) {
                    bind.accept(SYSTEM_ID);
                    sessions.add(session);
                } else {
                    bind.reject(0x0E); // ESME_RINVPASWD
                }
            } catch (IOException closed) {
                return;
            } catch (Exception e) {
                // a client that did not bind in time: the next one
            }
        }
    }

    private final class Receiver implements ServerMessageReceiverListener {
        @Override
        public SubmitSmResult onAcceptSubmitSm(SubmitSm submitSm, SMPPServerSession source)
                throws ProcessRequestException {
            String destination = submitSm.getDestAddress();
            Integer refusal = refusals.get(destination);
            if (refusal != null) {
                throw new ProcessRequestException("refused", refusal);
            }
            byte[] bytes = submitSm.getShortMessage();
            if (bytes == null || bytes.length == 0) {
                OptionalParameter payload = submitSm.getOptionalParameter(OptionalParameter.Tag.MESSAGE_PAYLOAD);
                bytes = payload == null ? new byte[0] : ((OptionalParameter.OctetString) payload).getValue();
            }
            boolean ucs2 = (submitSm.getDataCoding() & 0x0F) == 0x08;
            String text = new String(bytes, ucs2 ? StandardCharsets.UTF_16BE : StandardCharsets.US_ASCII);
            String id = Integer.toHexString(ids.incrementAndGet());
            submitted.add(new Submitted(destination, submitSm.getSourceAddr(), text, id, submitSm.getDataCoding()));
            if ((submitSm.getRegisteredDelivery() & 0x03) != 0 && !silent.containsKey(destination)) {
                DeliveryReceiptState state = outcomes.getOrDefault(destination, DeliveryReceiptState.DELIVRD);
                receipts.schedule(() -> deliverReceipt(source, submitSm, id, state), 200, TimeUnit.MILLISECONDS);
            }
            try {
                return new SubmitSmResult(new MessageId(id), new OptionalParameter[0]);
            } catch (Exception e) {
                throw new ProcessRequestException(e.getMessage(), 0x08);
            }
        }

        @Override
        public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submitMulti, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public QuerySmResult onAcceptQuerySm(QuerySm querySm, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public void onAcceptReplaceSm(ReplaceSm replaceSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public void onAcceptCancelSm(CancelSm cancelSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public org.jsmpp.session.BroadcastSmResult onAcceptBroadcastSm(org.jsmpp.bean.BroadcastSm broadcastSm,
                                                                      SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public void onAcceptCancelBroadcastSm(org.jsmpp.bean.CancelBroadcastSm cancel, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public org.jsmpp.session.QueryBroadcastSmResult onAcceptQueryBroadcastSm(
                org.jsmpp.bean.QueryBroadcastSm query, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }
    }

    private static void deliverReceipt(SMPPServerSession session, SubmitSm submitted, String id,
                                       DeliveryReceiptState state) {
        Date now = new Date();
        DeliveryReceipt receipt = new DeliveryReceipt(id, 1, state == DeliveryReceiptState.DELIVRD ? 1 : 0, now, now,
                state, state == DeliveryReceiptState.DELIVRD ? "000" : "001", "");
        try {
            session.deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN,
                    submitted.getDestAddress(), TypeOfNumber.valueOf(submitted.getSourceAddrTon()),
                    NumberingPlanIndicator.valueOf(submitted.getSourceAddrNpi()), submitted.getSourceAddr(),
                    new ESMClass(MessageMode.DEFAULT, MessageType.SMSC_DEL_RECEIPT, GSMSpecificFeature.DEFAULT),
                    (byte) 0, (byte) 0, new RegisteredDelivery(0), new GeneralDataCoding(Alphabet.ALPHA_DEFAULT),
                    receipt.toString().getBytes(StandardCharsets.US_ASCII));
        } catch (Exception e) {
            // the ESME went: its receipt is lost, as with a real SMSC
        }
    }

    @Override
    public void close() {
        acceptor.interrupt();
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        sessions.forEach(SMPPServerSession::unbindAndClose);
        receipts.shutdownNow();
    }
}
