package it.dev.merchantnotify.channel;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;

/**
 * The test playing another node of the cluster on the real Redis: it listens on its own inbox channel
 * ({@code notify:ws:node:<id>}) as a node does, and hands over what arrives there.
 */
final class RelayPeer implements AutoCloseable {

    static final String INBOX = "notify:ws:node:";
    static final String HOLDERS = "notify:ws:holders:";

    final String id;
    private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    private final JedisPubSub listener;
    private final Thread thread;

    private RelayPeer(RedisClient redis, String id) throws InterruptedException {
        this.id = id;
        CountDownLatch subscribed = new CountDownLatch(1);
        listener = new JedisPubSub() {
            @Override
            public void onSubscribe(String channel, int count) {
                subscribed.countDown();
            }

            @Override
            public void onMessage(String channel, String message) {
                received.add(Json.createReader(new StringReader(message)).readObject());
            }
        };
        thread = new Thread(() -> redis.subscribe(listener, INBOX + id), "relay-peer-" + id);
        thread.setDaemon(true);
        thread.start();
        if (!subscribed.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the peer could not subscribe to " + INBOX + id);
        }
    }

    static RelayPeer listen(RedisClient redis, String id) throws InterruptedException {
        return new RelayPeer(redis, id);
    }

    /** The next message on the peer's inbox, or null when none came within {@code wait}. */
    JsonObject next(Duration wait) throws InterruptedException {
        return received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        listener.unsubscribe();
        thread.join(5000);
    }
}
