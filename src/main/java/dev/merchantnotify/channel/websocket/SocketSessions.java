package dev.merchantnotify.channel.websocket;

import dev.merchantnotify.channel.AttemptLimits;
import dev.merchantnotify.channel.ChannelOutcome;
import dev.merchantnotify.channel.ChannelThreads;
import dev.merchantnotify.channel.DestinationReachable;
import dev.merchantnotify.channel.FailureKind;
import dev.merchantnotify.channel.PendingOutcome;
import dev.merchantnotify.routing.Accounts;
import dev.merchantnotify.routing.Destination;
import dev.merchantnotify.routing.MerchantAccount;
import dev.merchantnotify.signing.MerchantSecrets;
import dev.merchantnotify.signing.SigningKeys;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * The merchants' sockets open on this node: the handshake's checks, the caps, which socket of a destination takes the
 * next notification (the one with the fewest waiting for their ack), the acknowledgements, and pings.
 */
@ApplicationScoped
public class SocketSessions {

    private static final Logger LOG = Logger.getLogger(SocketSessions.class.getName());
    /** A handshake's nonce, remembered for twice the accepted clock difference: {@code merchant_no}, nonce. */
    static final String NONCE_PREFIX = "notify:ws:nonce:";
    /** Close code 1008 (policy violation) for a refused handshake; 1013 (try again later) for a full node. */
    private static final CloseReason.CloseCode TRY_AGAIN_LATER = CloseReason.CloseCodes.getCloseCode(1013);

    @Inject
    Accounts accounts;

    @Inject
    MerchantSecrets secrets;

    @Inject
    UnifiedJedis redis;

    @Inject
    WebSocketSettings settings;

    @Inject
    AttemptLimits limits;

    @Inject
    ChannelThreads threads;

    @Inject
    Clock clock;

    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry registry;

    @Inject
    Event<DestinationReachable> reachable;

    @Inject
    SocketRelay relay;

    private final Map<String, List<MerchantSocket>> byDestination = new ConcurrentHashMap<>();
    private final Map<String, MerchantSocket> bySession = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger turn = new AtomicInteger();
    private ScheduledFuture<?> pings;
    private Counter refused;
    private Counter pushed;
    private Counter acks;
    private Counter nacks;
    private Counter unmatched;

    @PostConstruct
    void register() {
        registry.gauge(metadata("notify.websocket.sessions", "Merchants' WebSocket sessions open on this node"), open,
                AtomicInteger::get);
        refused = registry.counter(metadata("notify.websocket.refused",
                "WebSocket handshakes this node refused (wrong, old or replayed signature, unknown destination, caps)"));
        Metadata frames = metadata("notify.websocket.frames", "WebSocket frames: notifications pushed, and the "
                + "merchants' answers (ack, nack, unmatched: an answer naming nothing that waits for one)");
        pushed = registry.counter(frames, new Tag("type", "notification"));
        acks = registry.counter(frames, new Tag("type", "ack"));
        nacks = registry.counter(frames, new Tag("type", "nack"));
        unmatched = registry.counter(frames, new Tag("type", "unmatched"));
    }

    /** Creates the bean, and so registers its metrics, when the application starts. */
    void start(@Observes Startup startup) {
        // Registration happens in register(); this observer makes it happen at start-up, and reading a setting has
        // the settings checked now rather than at the first handshake.
        settings.maxSessions();
        LOG.fine(() -> "WebSocket relay: this node is " + relay.nodeId());
    }

    /** A metric's name and description, for this package's metrics. */
    static Metadata metadata(String name, String description) {
        return Metadata.builder().withName(name).withDescription(description).build();
    }

    @PreDestroy
    void stop() {
        if (pings != null) {
            pings.cancel(false);
        }
        bySession.values().forEach(socket -> close(socket.session, CloseReason.CloseCodes.GOING_AWAY,
                "the server is stopping"));
    }

    // ---- the endpoint's events

    void opened(Session session) {
        MerchantSocket socket;
        try {
            socket = admit(session);
        } catch (Handshake.Refused refusal) {
            refused.inc();
            LOG.info(() -> "WebSocket handshake refused: " + refusal.getMessage());
            close(session, refusal.tryLater ? TRY_AGAIN_LATER : CloseReason.CloseCodes.VIOLATED_POLICY,
                    refusal.getMessage());
            return;
        } catch (RuntimeException unexpected) {
            refused.inc();
            LOG.log(Level.WARNING, "A WebSocket handshake could not be checked", unexpected);
            close(session, CloseReason.CloseCodes.UNEXPECTED_CONDITION, "the server could not check the handshake; "
                    + "try again");
            return;
        }
        relay.holding(socket.destinationKey);
        startPings();
        reachable.fireAsync(new DestinationReachable(socket.destinationKey, "websocket " + socket.label,
                "its socket connected"));
        LOG.info(() -> "WebSocket session of " + socket.label + " opened ("
                + byDestination.getOrDefault(socket.destinationKey, List.of()).size() + " open for it here)");
    }

    void message(Session session, String text) {
        MerchantSocket socket = bySession.get(session.getId());
        if (socket == null) {
            return; // refused, or closing
        }
        JsonObject frame;
        try {
            JsonValue read = Json.createReader(new StringReader(text)).readValue();
            if (read.getValueType() != JsonValue.ValueType.OBJECT) {
                answerError(socket, "a frame must be a JSON object");
                return;
            }
            frame = read.asJsonObject();
        } catch (JsonException | IllegalStateException e) {
            answerError(socket, "a frame must be a JSON object: it is not valid JSON");
            return;
        }
        String type = text(frame, "type");
        if (!"ack".equals(type)) {
            answerError(socket, "type must be \"ack\"" + (type == null ? "" : ", not \"" + type + "\""));
            return;
        }
        String id = text(frame, "id");
        String result = text(frame, "result");
        if (id == null) {
            answerError(socket, "an ack needs the id of the notification it answers");
            return;
        }
        if (!"success".equals(result) && !"failure".equals(result)) {
            answerError(socket, "result must be \"success\" or \"failure\"");
            return;
        }
        PendingOutcome waiting = socket.acknowledged(id);
        if (waiting == null) {
            unmatched.inc();
            answerError(socket, "no notification " + id + " waits for an acknowledgement on this socket (answered "
                    + "already, or after its timeout of " + limits.requestTimeout().toMillis() + " ms)");
            return;
        }
        if ("success".equals(result)) {
            acks.inc();
            waiting.delivered();
        } else {
            nacks.inc();
            String reason = text(frame, "reason");
            waiting.fail(FailureKind.REJECTED, "the merchant answered failure"
                    + (reason == null || reason.isBlank() ? "" : ": " + ChannelOutcome.quote(reason)));
        }
    }

    void ponged(Session session) {
        MerchantSocket socket = bySession.get(session.getId());
        if (socket != null) {
            socket.ponged();
        }
    }

    void closed(Session session, CloseReason reason) {
        MerchantSocket socket = bySession.remove(session.getId());
        if (socket == null) {
            return;
        }
        open.decrementAndGet();
        List<MerchantSocket> sockets = byDestination.get(socket.destinationKey);
        if (sockets != null) {
            sockets.remove(socket);
        }
        String why = "the socket closed before the merchant acknowledged (" + reason.getCloseCode().getCode()
                + (reason.getReasonPhrase() == null || reason.getReasonPhrase().isEmpty() ? ""
                : " " + reason.getReasonPhrase()) + ")";
        socket.closed(why);
        relay.holding(socket.destinationKey);
        LOG.info(() -> "WebSocket session of " + socket.label + " closed: " + reason.getCloseCode().getCode() + " "
                + reason.getReasonPhrase());
    }

    // ---- what the channel uses

    /** The socket of the destination that takes its next notification, or empty when none is open here. */
    Optional<MerchantSocket> pick(String destinationKey) {
        List<MerchantSocket> sockets = byDestination.get(destinationKey);
        int size = sockets == null ? 0 : sockets.size();
        if (size == 0) {
            return Optional.empty();
        }
        // The list's own snapshot, without a copy: the open socket with the fewest awaiting their ack, ties taken in
        // turn from a position that moves on with every pick.
        int start = Math.floorMod(turn.getAndIncrement(), size);
        MerchantSocket best = null;
        int bestRank = 0;
        int position = 0;
        for (MerchantSocket candidate : sockets) {
            int rank = Math.floorMod(position++ - start, size);
            if (candidate.session.isOpen() && (best == null || candidate.awaitingCount() < best.awaitingCount()
                    || candidate.awaitingCount() == best.awaitingCount() && rank < bestRank)) {
                best = candidate;
                bestRank = rank;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The destinations with at least one socket open on this node. */
    List<String> destinationsHeld() {
        return byDestination.entrySet().stream().filter(entry -> !entry.getValue().isEmpty()).map(Map.Entry::getKey)
                .toList();
    }

    /** How many sockets of the destination are open on this node. */
    int countOf(String destinationKey) {
        List<MerchantSocket> sockets = byDestination.get(destinationKey);
        return sockets == null ? 0 : sockets.size();
    }

    /** A frame was pushed. */
    void countPushed() {
        pushed.inc();
    }

    /** The sessions open on this node, for the console and the admin API: oldest first. */
    public List<OpenSession> sessions() {
        return bySession.values().stream().sorted(Comparator.comparing(socket -> socket.openedAt))
                .map(socket -> new OpenSession(socket.destinationKey, socket.label, socket.openedAt,
                        socket.awaitingCount()))
                .toList();
    }

    /** One open session as operators see it. */
    public record OpenSession(String destinationKey, String label, Instant openedAt, int awaiting) {
    }

    // ---- the handshake

    private MerchantSocket admit(Session session) throws Handshake.Refused {
        Handshake handshake = Handshake.read(session.getRequestParameterMap());
        Instant now = clock.instant();
        handshake.checkFresh(now, settings.handshakeMaxAge());
        Destination destination = destinationOf(handshake);
        String key = destination.getDestinationKey();
        try {
            handshake.checkSignature(keysOf(key), now);
        } catch (Handshake.Refused refusal) {
            // The secret may have been issued or rotated through another node moments ago, before this node's
            // periodic read of the secrets: read this one again before refusing.
            secrets.reload(key);
            handshake.checkSignature(keysOf(key), now);
        }
        checkNonce(handshake);
        if (open.incrementAndGet() > settings.maxSessions()) {
            open.decrementAndGet();
            throw new Handshake.Refused("refused: this node has its maximum of " + settings.maxSessions()
                    + " sessions; try another node or later", true);
        }
        String label = handshake.signedText();
        List<MerchantSocket> sockets = byDestination.computeIfAbsent(destination.getDestinationKey(),
                k -> new CopyOnWriteArrayList<>());
        MerchantSocket socket = new MerchantSocket(session, destination.getDestinationKey(), label, now);
        synchronized (sockets) {
            if (sockets.size() >= settings.maxSessionsPerDestination()) {
                open.decrementAndGet();
                throw new Handshake.Refused("refused: " + label + " has its maximum of "
                        + settings.maxSessionsPerDestination() + " sessions on this node");
            }
            sockets.add(socket);
        }
        bySession.put(session.getId(), socket);
        session.setMaxIdleTimeout(0); // pings find a dead peer, not idleness
        return socket;
    }

    private SigningKeys keysOf(String destinationKey) throws Handshake.Refused {
        SigningKeys keys = secrets.keysFor(destinationKey);
        if (keys == null) {
            throw new Handshake.Refused("refused: the destination has no signing secret; an operator issues one "
                    + "(merchant-secret)");
        }
        return keys;
    }

    private Destination destinationOf(Handshake handshake) throws Handshake.Refused {
        Optional<MerchantAccount> account = accounts.find(handshake.merchantNo());
        Optional<Destination> destination = account.filter(MerchantAccount::isEnabled)
                .flatMap(found -> accounts.destination(found.getId(), handshake.destination()))
                .filter(found -> SocketChannel.TYPE.equals(found.getType()) && found.isEnabled());
        if (destination.isEmpty()) {
            throw new Handshake.Refused("refused: no enabled websocket destination by this merchant_no and "
                    + "destination");
        }
        return destination.get();
    }

    private void checkNonce(Handshake handshake) throws Handshake.Refused {
        String key = NONCE_PREFIX + handshake.merchantNo() + ":" + handshake.nonce();
        String set;
        try {
            set = redis.set(key, "1", SetParams.setParams().nx().ex(settings.handshakeMaxAge().toSeconds() * 2));
        } catch (RuntimeException e) {
            throw new Handshake.Refused("refused: this node cannot check the handshake now (Redis); try again",
                    true);
        }
        if (set == null) {
            throw new Handshake.Refused("refused: this nonce was used already (a replayed handshake)");
        }
    }

    // ---- pings

    private synchronized void startPings() {
        if (pings == null) {
            long every = settings.pingInterval().toMillis();
            pings = threads.timers().scheduleWithFixedDelay(this::ping, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private void ping() {
        long limit = settings.pingInterval().toMillis() * 2 + 1000;
        for (MerchantSocket socket : bySession.values()) {
            if (socket.sincePongMillis() > limit) {
                close(socket.session, CloseReason.CloseCodes.GOING_AWAY, "no pong for "
                        + socket.sincePongMillis() / 1000 + " s");
                continue;
            }
            socket.ping(error -> close(socket.session, CloseReason.CloseCodes.UNEXPECTED_CONDITION, "ping failed"));
        }
    }

    // ---- helpers

    private void answerError(MerchantSocket socket, String message) {
        socket.write(Json.createObjectBuilder().add("type", "error").add("msg", message).build().toString(),
                error -> LOG.fine(() -> "An error frame to " + socket.label + " was not written: " + error));
    }

    private static String text(JsonObject frame, String field) {
        JsonValue value = frame.get(field);
        return value instanceof JsonString string ? string.getString() : null;
    }

    private static void close(Session session, CloseReason.CloseCode code, String reason) {
        try {
            session.close(new CloseReason(code, reason));
        } catch (IOException | RuntimeException e) {
            // closed either way
        }
    }
}
