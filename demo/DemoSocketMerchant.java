import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A merchant that takes its notifications over a WebSocket, for trying the {@code websocket} destination by hand:
 * connects with a signed handshake, prints every notification frame and acknowledges it with {@code success}, and
 * connects again 5 s after the socket closes (the notifications that waited meanwhile then arrive). No build needed:
 * <pre>java demo/DemoSocketMerchant.java M10001 pos whsec_… [ws://localhost:9080]</pre>
 * (merchant number, the websocket destination's name, its signing secret, the server).
 */
public class DemoSocketMerchant {

    private static final Pattern TYPE = Pattern.compile("\"type\":\"([a-z]+)\"");
    private static final Pattern ID = Pattern.compile("\"id\":\"(msg_[0-9]+)\"");

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: java demo/DemoSocketMerchant.java <merchant_no> <destination> <secret> "
                    + "[ws://localhost:9080]");
            System.exit(2);
        }
        String merchantNo = args[0];
        String destination = args[1];
        String secret = args[2];
        String server = args.length > 3 ? args[3] : "ws://localhost:9080";
        HttpClient http = HttpClient.newHttpClient();
        while (true) {
            CompletableFuture<String> closed = new CompletableFuture<>();
            try {
                http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                        .buildAsync(URI.create(server + "/ws/v1/notifications?" + handshake(merchantNo, destination,
                                secret)), listener(closed)).join();
                System.out.printf("%s connected as %s/%s to %s%n", now(), merchantNo, destination, server);
                System.out.printf("%s closed: %s%n", now(), closed.join());
            } catch (RuntimeException e) {
                System.out.printf("%s could not connect: %s%n", now(), e.getCause() == null ? e : e.getCause());
            }
            Thread.sleep(5_000);
        }
    }

    /** The handshake's query: the Standard Webhooks signature over nonce.timestamp.merchant_no/destination. */
    static String handshake(String merchantNo, String destination, String secret) throws Exception {
        long timestamp = Instant.now().getEpochSecond();
        String nonce = UUID.randomUUID().toString().replace("-", "");
        byte[] key = secret.startsWith("whsec_") ? Base64.getDecoder().decode(secret.substring(6))
                : secret.getBytes(StandardCharsets.UTF_8);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        String signature = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(
                (nonce + "." + timestamp + "." + merchantNo + "/" + destination).getBytes(StandardCharsets.UTF_8)));
        return "merchant_no=" + encode(merchantNo) + "&destination=" + encode(destination) + "&timestamp=" + timestamp
                + "&nonce=" + nonce + "&signature=" + encode(signature);
    }

    private static WebSocket.Listener listener(CompletableFuture<String> closed) {
        return new WebSocket.Listener() {
            private final StringBuilder frame = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                frame.append(data);
                if (last) {
                    String text = frame.toString();
                    frame.setLength(0);
                    System.out.printf("%s %s%n", now(), text);
                    Matcher type = TYPE.matcher(text);
                    Matcher id = ID.matcher(text);
                    if (type.find() && type.group(1).equals("notification") && id.find()) {
                        socket.sendText("{\"type\":\"ack\",\"id\":\"" + id.group(1) + "\",\"result\":\"success\"}",
                                true);
                        System.out.printf("%s   acknowledged %s%n", now(), id.group(1));
                    }
                }
                socket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
                closed.complete(code + " " + reason);
                return null;
            }

            @Override
            public void onError(WebSocket socket, Throwable error) {
                closed.complete("error: " + error);
            }
        };
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static LocalTime now() {
        return LocalTime.now().withNano(0);
    }
}
