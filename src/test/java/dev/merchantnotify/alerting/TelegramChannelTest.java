package dev.merchantnotify.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TelegramChannelTest {

    @Test
    void withoutATokenNothingIsSentAndTheOutcomeSaysWhy() throws IOException {
        AtomicInteger requests = new AtomicInteger();
        HttpServer botApi = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        botApi.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        botApi.start();
        try {
            TelegramChannel channel = new TelegramChannel();
            channel.settings = ShippedSettings.with(Map.of("notify.alerting.telegram.api-url",
                    "http://127.0.0.1:" + botApi.getAddress().getPort(), "notify.alerting.telegram.admin-chat-id", "-1"));
            TelegramChannel.Outcome outcome = channel.send(AlertLevel.CRITICAL, "🚨 test");
            assertFalse(outcome.sent());
            assertNull(outcome.chats());
            assertEquals("no Telegram bot token is configured (TELEGRAM_BOT_TOKEN)", outcome.error());
            assertEquals(0, requests.get());
        } finally {
            botApi.stop(0);
        }
    }
}
