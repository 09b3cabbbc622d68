import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;

/**
 * A merchant for trying Merchant Notify by hand: prints every notification it receives and acknowledges it with
 * {@code success}. Run it with {@code java demo/DemoMerchant.java [port]} (default port 8000); no build needed.
 */
public class DemoMerchant {

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8000;
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 100);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            System.out.printf("%s %s %s  id=%s attempt=%s  %s%n  %s%n", LocalTime.now().withNano(0),
                    exchange.getRequestMethod(), exchange.getRequestURI(),
                    exchange.getRequestHeaders().getFirst("X-Notify-Id"),
                    exchange.getRequestHeaders().getFirst("X-Notify-Attempt"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body);
            byte[] answer = "success".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        System.out.println("Demo merchant listening on http://127.0.0.1:" + port + "/ (answers 'success'; Ctrl-C stops it)");
    }
}
