package it.dev.merchantnotify.platform;

import static it.dev.merchantnotify.NotifyApi.notificationJson;
import static it.dev.merchantnotify.NotifyApi.uniqueOrderNo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.merchantnotify.AgainstServer;
import it.dev.merchantnotify.NotifyApi;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A generated corpus of malformed and hostile requests against the ingest and admin APIs: wrong types, huge values,
 * deep JSON, invalid UTF-8, header abuse, SQL and script fragments. Every request is invalid in at least one way, so
 * the server must answer each with a 4xx (never a 5xx, never a stack trace), store nothing, and stay healthy.
 */
class HostileInputIT extends AgainstServer {

    private static final String[] FRAGMENTS = {"' OR '1'='1", "'; DROP TABLE notification; --", "1; SELECT pg_sleep(5)",
            "\" OR \"\"=\"", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "${jndi:ldap://127.0.0.1/x}",
            "../../../../etc/passwd", "%00", "\\u0000", "{{7*7}}", "#{7*7}", "' UNION SELECT secret_enc FROM "
            + "merchant_secret --", "admin'--", "\u202Egnp.exe", "\uD83D\uDCA3", "null", "true", "-1", "1e400",
            "%27%20OR%201%3D1", "\r\nX-Injected: 1"};

    private record Probe(String label, String method, String path, String contentType, byte[] body,
                         String[] headers) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base = "http://localhost:" + Integer.getInteger("it.http.port", 9181);
    private final Random random = new Random(20261124);
    private String lastBody = "";

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "\\r").replace("\n", "\\n") + "\"";
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private String fragment() {
        return FRAGMENTS[random.nextInt(FRAGMENTS.length)];
    }

    /** A single notification with one defect and, often, a hostile fragment where the defect is. */
    private List<String> invalidNotifications() {
        String url = merchant.url("/ok/hostile");
        List<String> bodies = new ArrayList<>();
        String[] wrongTypes = {"1", "1.5", "true", "[]", "{}", "[\"a\"]", "{\"a\":1}"};
        for (String field : new String[] {"order_no", "notify_url", "event", "format"}) {
            for (String value : wrongTypes) {
                bodies.add("{\"order_no\":\"H-1\",\"notify_url\":\"" + url + "\",\"payload\":{},\"" + field + "\":"
                        + value + "}");
            }
        }
        for (String value : new String[] {"1", "\"text\"", "[1,2]", "true", "null"}) {
            bodies.add("{\"order_no\":\"H-2\",\"notify_url\":\"" + url + "\",\"payload\":" + value + "}");
        }
        for (String fragment : FRAGMENTS) {
            // A fragment where it makes the request invalid: the URL, the format, an over-long or control-laden value.
            bodies.add("{\"order_no\":\"H-3\",\"notify_url\":" + json("http://" + fragment + ":70000/n")
                    + ",\"payload\":{}}");
            bodies.add("{\"order_no\":\"H-4\",\"notify_url\":" + json(fragment) + ",\"payload\":{}}");
            bodies.add("{\"order_no\":\"H-5\",\"notify_url\":\"" + url + "\",\"format\":" + json(fragment)
                    + ",\"payload\":{}}");
            bodies.add("{\"order_no\":" + json(fragment.repeat(80)) + ",\"notify_url\":\"" + url + "\",\"payload\":{}}");
            bodies.add("{\"order_no\":" + json(fragment + "\u0001") + ",\"notify_url\":\"" + url + "\",\"payload\":{}}");
            bodies.add("{\"order_no\":" + json(fragment) + ",\"notify_url\":\"http://169.254.169.254/\",\"payload\":{}}");
            bodies.add("{\"order_no\":" + json(fragment) + ",\"notify_url\":\"" + url + "\",\"payload\":{\"x\":{\"y\":"
                    + json(fragment) + "}}}");
            bodies.add("{\"order_no\":" + json(fragment) + ",\"notify_url\":\"" + url + "\"}");
        }
        for (String host : new String[] {"127.0.0.1", "10.0.0.1", "[::1]", "169.254.169.254", "0.0.0.0", "2130706433",
                "0x7f000001", "[fd00::1]", "[::ffff:192.168.1.1]", "224.0.0.1", "100.64.1.1", "localhost"}) {
            String blocked = host.equals("127.0.0.1") || host.equals("localhost") ? "[::1]" : host;
            bodies.add("{\"order_no\":\"H-6\",\"notify_url\":\"http://" + blocked + ":8080/notify\",\"payload\":{}}");
            bodies.add("{\"order_no\":\"H-7\",\"notify_url\":\"gopher://" + host + "/\",\"payload\":{}}");
            bodies.add("{\"order_no\":\"H-8\",\"notify_url\":\"file:///etc/passwd?" + host + "\",\"payload\":{}}");
        }
        // Huge values.
        bodies.add("{\"order_no\":\"" + "A".repeat(1_000_000) + "\",\"notify_url\":\"" + url + "\",\"payload\":{}}");
        bodies.add("{\"order_no\":\"H-9\",\"notify_url\":\"" + url + "?" + "q".repeat(5000) + "\",\"payload\":{}}");
        bodies.add("{\"order_no\":\"H-10\",\"notify_url\":\"" + url + "\",\"payload\":{\"blob\":\"" + "x".repeat(200_000)
                + "\"}}");
        bodies.add("{\"order_no\":\"H-11\",\"event\":\"" + "e".repeat(10_000) + "\",\"notify_url\":\"" + url
                + "\",\"payload\":{}}");
        bodies.add("{\"order_no\":\"H-12\",\"notify_url\":\"" + url + "\",\"payload\":{\"n\":1e400},\"format\":\"xml\"}");
        bodies.add("{\"order_no\":\"H-13\",\"notify_url\":\"" + url + "\",\"payload\":{\"n\":"
                + "9".repeat(100_000) + "},\"format\":1}");
        // Broken JSON.
        for (String broken : new String[] {"", " ", "{", "}", "[", "{\"order_no\":}", "{\"order_no\" \"x\"}",
                "{'order_no':'x'}", "{\"a\":1,}", "nul", "\"just a string\"", "12", "[{}]", "{\"order_no\":\"x\"",
                "{\"order_no\":\"\\uD800\"}", "{\"order_no\":\"\\x41\"}", "{\"a\":NaN}", "{\"a\":Infinity}",
                "\u0000{}", "{}\u0000", "{} {}", "/* c */ {}"}) {
            bodies.add(broken);
        }
        return bodies;
    }

    private static String nested(int depth, boolean objects) {
        StringBuilder text = new StringBuilder(depth * 6);
        for (int i = 0; i < depth; i++) {
            text.append(objects ? "{\"a\":" : "[");
        }
        text.append("1");
        for (int i = 0; i < depth; i++) {
            text.append(objects ? "}" : "]");
        }
        return text.toString();
    }

    private List<Probe> corpus() {
        List<Probe> probes = new ArrayList<>();
        List<String> notifications = invalidNotifications();
        for (String body : notifications) {
            probes.add(new Probe("ingest", "POST", "/api/v1/notifications", "application/json", utf8(body), null));
        }
        // Batches whose every item is invalid, and batches that are wrong as a whole.
        for (int i = 0; i + 3 <= notifications.size(); i += 3) {
            if (notifications.get(i).length() > 100_000 || notifications.get(i + 1).length() > 100_000
                    || notifications.get(i + 2).length() > 100_000 || !notifications.get(i).startsWith("{")
                    || !notifications.get(i + 1).startsWith("{") || !notifications.get(i + 2).startsWith("{")) {
                continue;
            }
            probes.add(new Probe("batch", "POST", "/api/v1/notifications/batch", "application/json",
                    utf8("{\"notifications\":[" + notifications.get(i) + "," + notifications.get(i + 1) + ","
                            + notifications.get(i + 2) + "]}"), null));
        }
        String valid = notificationJson("H-batch", merchant.url("/ok/hostile"), null);
        for (String batch : new String[] {"{}", "{\"notifications\":{}}", "{\"notifications\":\"x\"}",
                "{\"notifications\":[]}", "{\"notifications\":null}", "[" + valid + "]",
                "{\"notifications\":[" + (valid + ",").repeat(1000) + valid + "]}", "{\"notifications\":[1,2,3]}"}) {
            probes.add(new Probe("batch-shape", "POST", "/api/v1/notifications/batch", "application/json", utf8(batch),
                    null));
        }
        // Deep JSON everywhere a body is read.
        for (int depth : new int[] {100, 1_000, 10_000, 100_000, 500_000}) {
            for (boolean objects : new boolean[] {true, false}) {
                String deep = nested(depth, objects);
                probes.add(new Probe("deep", "POST", "/api/v1/notifications", "application/json", utf8(deep), null));
                probes.add(new Probe("deep-payload", "POST", "/api/v1/notifications", "application/json",
                        utf8("{\"order_no\":\"H-deep\",\"format\":\"csv\",\"notify_url\":\"" + merchant.url("/ok")
                                + "\",\"payload\":{\"d\":" + deep + "}}"), null));
                probes.add(new Probe("deep-batch", "POST", "/api/v1/notifications/batch", "application/json",
                        utf8("{\"notifications\":" + deep + "}"), null));
                for (String endpoint : new String[] {"retry", "cleanup", "reset-circuit-breaker", "send-alert",
                        "merchant-secret", "remove-merchant-secret"}) {
                    probes.add(new Probe("deep-admin", "POST", "/admin/merchant-notify/" + endpoint,
                            "application/json", utf8(deep), null));
                }
            }
        }
        // Invalid UTF-8 and wrong content types.
        byte[][] badBytes = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF},
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80},
                {(byte) 0xE2, (byte) 0x82}, {(byte) 0xFE, (byte) 0xFF}};
        for (byte[] bad : badBytes) {
            for (String endpoint : new String[] {"/api/v1/notifications", "/api/v1/notifications/batch",
                    "/admin/merchant-notify/retry", "/admin/merchant-notify/merchant-secret"}) {
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                body.writeBytes(utf8("{\"order_no\":\"H-"));
                body.writeBytes(bad);
                body.writeBytes(utf8("\",\"notify_url\":\"" + merchant.url("/ok") + "\",\"payload\":{}}"));
                probes.add(new Probe("utf8", "POST", endpoint, "application/json", body.toByteArray(), null));
                probes.add(new Probe("utf8-raw", "POST", endpoint, "application/json", bad, null));
            }
        }
        for (String type : new String[] {"text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/json; charset=ebcdic", "application/json; charset=utf-7",
                "*/*", "application/", "json", "application/json; charset=iso-8859-1", "application/json; charset=\u00ff"}) {
            probes.add(new Probe("content-type", "POST", "/api/v1/notifications", type, utf8(valid), null));
            probes.add(new Probe("content-type", "POST", "/admin/merchant-notify/retry", type,
                    utf8("{\"order_no\":\"H-none\"}"), null));
        }
        // Hostile query parameters and path segments: reads, which must not fail either.
        String[] getEndpoints = {"logs", "stats", "merchant-status", "all-merchant-status", "alerts", "audit",
                "queue-status", "merchant-secret"};
        String[] parameters = {"order_no", "status", "page", "limit", "start_time", "end_time", "notify_url",
                "merchant_key", "alert_type"};
        for (int i = 0; i < 260; i++) {
            String endpoint = getEndpoints[random.nextInt(getEndpoints.length)];
            String parameter = parameters[random.nextInt(parameters.length)];
            String value = switch (random.nextInt(6)) {
                case 0 -> fragment();
                case 1 -> String.valueOf(random.nextLong());
                case 2 -> "9".repeat(1 + random.nextInt(400));
                case 3 -> "x".repeat(10_000);
                case 4 -> "2026-13-45T25:61:61Z";
                default -> "-" + random.nextInt(1000);
            };
            probes.add(new Probe("admin-get", "GET", "/admin/merchant-notify/" + endpoint + "?" + parameter + "="
                    + URLEncoder.encode(value, StandardCharsets.UTF_8), null, null, null));
        }
        for (String id : new String[] {"1%20OR%201%3D1", "-1", "0", "99999999999999999999999", "1e3", "%00",
                "..%2F..%2Fadmin", "%3Cscript%3E", "0x10", "1.5", "%201", "NaN"}) {
            probes.add(new Probe("get-by-id", "GET", "/api/v1/notifications/" + id, null, null, null));
            probes.add(new Probe("get-by-order", "GET", "/api/v1/notifications?order_no=" + id + "&event=" + id, null,
                    null, null));
        }
        // NUL and other control characters in query parameters and in admin body fields.
        for (String control : new String[] {"%00", "a%00b", "%0d%0a", "%1b", "%7f"}) {
            probes.add(new Probe("control-get", "GET", "/admin/merchant-notify/logs?order_no=" + control, null, null,
                    null));
            probes.add(new Probe("control-get", "GET", "/admin/merchant-notify/merchant-status?notify_url=http://a"
                    + control, null, null, null));
        }
        for (String field : new String[] {"order_no", "notify_url", "alert_type"}) {
            for (String endpoint : new String[] {"retry", "reset-circuit-breaker", "send-alert", "merchant-secret",
                    "remove-merchant-secret"}) {
                probes.add(adminPost(endpoint, "{\"" + field + "\":\"H\\u0000x\"}"));
            }
        }
        // Hostile admin actions: each refers to nothing, or is invalid.
        for (String fragment : FRAGMENTS) {
            probes.add(adminPost("retry", "{\"order_no\":" + json("H-none-" + fragment) + "}"));
            probes.add(adminPost("retry", "{\"notification_id\":" + json(fragment) + "}"));
            probes.add(adminPost("cleanup", "{\"days\":" + json(fragment) + "}"));
            probes.add(adminPost("reset-circuit-breaker", "{\"notify_url\":" + json(fragment) + "}"));
            probes.add(adminPost("send-alert", "{\"notify_url\":\"" + merchant.url("/ok/never-seen") + "\","
                    + "\"alert_type\":" + json(fragment) + "}"));
            probes.add(adminPost("merchant-secret", "{\"notify_url\":\"" + merchant.url("/ok/hostile-secret")
                    + "\",\"secret\":" + json(fragment + " ") + "}"));
            probes.add(adminPost("merchant-secret", "{\"notify_url\":\"" + merchant.url("/ok/hostile-secret")
                    + "\",\"sign_type\":" + json(fragment) + "}"));
            probes.add(adminPost("remove-merchant-secret", "{\"notify_url\":" + json("http://" + fragment) + "}"));
        }
        for (String days : new String[] {"-1", "0", "1e10", "99999999999999999999", "1.5", "true", "null", "[]"}) {
            probes.add(adminPost("cleanup", "{\"days\":" + days + "}"));
            probes.add(adminPost("retry", "{\"notification_id\":" + days + "}"));
            probes.add(adminPost("merchant-secret", "{\"notify_url\":\"" + merchant.url("/ok/hostile-secret")
                    + "\",\"grace_hours\":" + days + ",\"sign_type\":\"SHA1\"}"));
        }
        // Header abuse through a client that lets headers be anything.
        String auth = "Basic " + Base64.getEncoder().encodeToString(utf8(NotifyApi.PRODUCER + ":"
                + NotifyApi.PRODUCER_PASSWORD));
        for (String badAuth : new String[] {"Basic", "Basic !!!", "Basic " + Base64.getEncoder().encodeToString(
                utf8("no-colon")), "Bearer abc", "Basic " + "A".repeat(6000), "Digest x", "basic",
                "Basic " + Base64.getEncoder().encodeToString(utf8("' OR 1=1 --:x"))}) {
            probes.add(new Probe("raw-auth", "RAW", "/api/v1/notifications", "application/json", utf8(valid),
                    new String[] {"Authorization: " + badAuth}));
        }
        for (String[] headers : new String[][] {
                {"Authorization: " + auth, "X-Big: " + "b".repeat(40_000)},
                {"Authorization: " + auth, "Content-Length: abc"},
                {"Authorization: " + auth, "Content-Length: -5"},
                {"Authorization: " + auth, "Content-Length: 2"},
                {"Authorization: " + auth, "Transfer-Encoding: chunked"},
                {"Authorization: " + auth, "Transfer-Encoding: gzip, chunked"},
                {"Authorization: " + auth, "Content-Type: application/json", "Content-Type: text/plain"},
                {"Authorization: " + auth, "Content-Encoding: gzip"},
                {"Authorization: " + auth, "Bad Header Without Colon"},
                {"Authorization: " + auth, "X-Null: a\u0000b"},
                {"Authorization: " + auth, "Host: " + "h".repeat(3000)},
                {"Authorization: " + auth, "Expect: 100-continue-please"}}) {
            probes.add(new Probe("raw-headers", "RAW", "/api/v1/notifications", "application/json",
                    utf8("{\"order_no\":\"H-raw\",\"notify_url\":\"http://[::1]/\",\"payload\":{}}"), headers));
        }
        List<String> many = new ArrayList<>();
        many.add("Authorization: " + auth);
        for (int i = 0; i < 300; i++) {
            many.add("X-Many-" + i + ": " + i);
        }
        probes.add(new Probe("raw-many-headers", "RAW", "/api/v1/notifications", "application/json",
                utf8("{\"order_no\":\"H-raw\",\"notify_url\":\"http://[::1]/\",\"payload\":{}}"),
                many.toArray(String[]::new)));
        for (String line : new String[] {"GET /api/v1/notifications/1 HTTP/9.9", "POST\t/api/v1/notifications HTTP/1.1",
                "GARBAGE", "GET /" + "p".repeat(20_000) + " HTTP/1.1", "GET /api/v1/notifications/%ZZ HTTP/1.1",
                "GET http://evil.example/admin/merchant-notify/audit HTTP/1.1"}) {
            probes.add(new Probe("raw-line", "LINE", line, null, null, new String[] {"Authorization: " + auth}));
        }
        return probes;
    }

    private static Probe adminPost(String endpoint, String body) {
        return new Probe("admin-post", "POST", "/admin/merchant-notify/" + endpoint, "application/json", utf8(body),
                null);
    }

    private long total(String pathAndQuery) {
        NotifyApi.Answer answer = api.admin(pathAndQuery);
        assertEquals(200, answer.status(), answer.rawBody());
        return answer.data().getJsonNumber("total").longValue();
    }

    @Test
    void aThousandHostileRequestsGetNo5xxStoreNothingAndLeaveTheServerHealthy() throws Exception {
        long notificationsBefore = total("stats");
        long merchantsBefore = total("all-merchant-status");
        long auditBefore = total("audit");
        List<Probe> corpus = corpus();
        assertTrue(corpus.size() >= 1000, "the corpus has " + corpus.size() + " requests");

        List<String> failures = new ArrayList<>();
        int[] byClass = new int[6];
        for (Probe probe : corpus) {
            int status = send(probe);
            byClass[status / 100]++;
            boolean write = !probe.method().equals("GET") && !probe.method().equals("LINE");
            // A batch is answered 200 with a verdict per item: taken only if an item was accepted.
            boolean taken = write && status / 100 == 2 && !(probe.path().endsWith("/batch") && status == 200
                    && lastBody.contains("\"accepted\":0,"));
            if (status >= 500 || taken) {
                failures.add(probe.label() + " " + probe.method() + " " + abbreviate(probe.path()) + " ["
                        + probe.contentType() + "] "
                        + abbreviate(probe.body() == null ? "" : new String(probe.body(), StandardCharsets.UTF_8))
                        + " -> " + status + " " + abbreviate(lastBody));
            }
        }
        assertEquals(List.of(), failures, "requests answered with a 5xx or taken");

        assertEquals(notificationsBefore, total("stats"), "no notification stored");
        assertEquals(merchantsBefore, total("all-merchant-status"), "no merchant registered");
        assertEquals(auditBefore, total("audit"), "no operator action recorded");

        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ready.statusCode(), ready.body());
        String orderNo = uniqueOrderNo("after-hostile");
        NotifyApi.Answer accepted = api.submit(notificationJson(orderNo, merchant.url("/ok"), null));
        assertEquals(202, accepted.status(), accepted.rawBody());
        api.awaitStatus(accepted.data().getJsonNumber("id").longValue(), "success", WAIT);
        System.out.printf("hostile corpus: %d requests, %d answered 4xx, %d closed without an answer%n",
                corpus.size(), byClass[4], byClass[0]);
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    /** The status, or 0 when the server closed the connection without answering (a malformed request). */
    private int send(Probe probe) throws Exception {
        boolean admin = probe.path().startsWith("/admin/");
        String user = admin ? NotifyApi.ADMIN : NotifyApi.PRODUCER;
        String password = admin ? NotifyApi.ADMIN_PASSWORD : NotifyApi.PRODUCER_PASSWORD;
        String auth = "Basic " + Base64.getEncoder().encodeToString(utf8(user + ":" + password));
        if (probe.method().equals("RAW") || probe.method().equals("LINE")) {
            return raw(probe);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + probe.path()))
                .timeout(Duration.ofSeconds(30)).header("Authorization", auth);
        if (probe.method().equals("POST")) {
            request.POST(HttpRequest.BodyPublishers.ofByteArray(probe.body()));
            if (probe.contentType() != null) {
                request.header("Content-Type", probe.contentType());
            }
        } else {
            request.GET();
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        lastBody = body;
        if (body.contains("Exception") || body.contains("\tat ") || body.contains("at dev.merchantnotify")) {
            return 599; // a stack trace reached the client: as bad as a 5xx
        }
        return response.statusCode();
    }

    private int raw(Probe probe) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", Integer.getInteger("it.http.port", 9181))) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            if (probe.method().equals("LINE")) {
                request.writeBytes(utf8(probe.path() + "\r\nHost: localhost\r\n"));
                for (String header : probe.headers()) {
                    request.writeBytes(utf8(header + "\r\n"));
                }
                request.writeBytes(utf8("Connection: close\r\n\r\n"));
            } else {
                request.writeBytes(utf8("POST " + probe.path() + " HTTP/1.1\r\nHost: localhost\r\n"));
                boolean ownLength = false;
                for (String header : probe.headers()) {
                    request.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
                    request.writeBytes(utf8("\r\n"));
                    ownLength |= header.startsWith("Content-Length") || header.startsWith("Transfer-Encoding");
                }
                if (!ownLength) {
                    request.writeBytes(utf8("Content-Length: " + probe.body().length + "\r\n"));
                }
                request.writeBytes(utf8("Content-Type: " + probe.contentType() + "\r\nConnection: close\r\n\r\n"));
                request.writeBytes(probe.body());
            }
            out.write(request.toByteArray());
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            byte[] answer = in.readNBytes(64 * 1024);
            String text = new String(answer, StandardCharsets.ISO_8859_1);
            lastBody = text;
            if (!text.startsWith("HTTP/")) {
                return 0;
            }
            if (text.contains("Exception") || text.contains("\tat ")) {
                return 599;
            }
            return Integer.parseInt(text.substring(9, 12));
        } catch (SocketTimeoutException e) {
            return 598; // the server neither answered nor closed
        } catch (IOException e) {
            return 0; // reset by the server: a refusal, not an error
        }
    }
}
