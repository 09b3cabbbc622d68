package dev.merchantnotify.channel.websocket;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.standardwebhooks.Webhook;
import dev.merchantnotify.signing.SignType;
import dev.merchantnotify.signing.SigningKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandshakeTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String OLD_SECRET = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final String NONCE = "0123456789abcdef0123";

    private static Map<String, List<String>> query(String secret, long timestamp) throws Exception {
        Map<String, List<String>> query = new HashMap<>();
        query.put("merchant_no", List.of("M20001"));
        query.put("destination", List.of("pos"));
        query.put("timestamp", List.of(String.valueOf(timestamp)));
        query.put("nonce", List.of(NONCE));
        query.put("signature", List.of(new Webhook(secret).sign(NONCE, timestamp, "M20001/pos")));
        return query;
    }

    @Test
    void aHandshakeSignedWithTheStandardWebhooksLibraryIsAccepted() throws Exception {
        Handshake handshake = Handshake.read(query(SECRET, NOW.getEpochSecond()));
        assertEquals("M20001/pos", handshake.signedText());
        SigningKeys keys = new SigningKeys(SignType.MD5, SECRET, null, null);
        assertDoesNotThrow(() -> handshake.checkFresh(NOW, Duration.ofSeconds(300)));
        assertDoesNotThrow(() -> handshake.checkSignature(keys, NOW));
    }

    @Test
    void duringARotationThePreviousSecretIsAcceptedUntilItsGraceEnds() throws Exception {
        Handshake handshake = Handshake.read(query(OLD_SECRET, NOW.getEpochSecond()));
        SigningKeys rotating = new SigningKeys(SignType.MD5, SECRET, OLD_SECRET, NOW.plusSeconds(60));
        assertDoesNotThrow(() -> handshake.checkSignature(rotating, NOW));
        Handshake.Refused after = assertThrows(Handshake.Refused.class,
                () -> handshake.checkSignature(rotating, NOW.plusSeconds(61)));
        assertEquals("refused: signature does not match (v1 HMAC-SHA256 of nonce.timestamp.merchant_no/destination)",
                after.getMessage());
    }

    @Test
    void oldFutureMissingAndMalformedHandshakesAreRefusedNamingWhy() throws Exception {
        Handshake old = Handshake.read(query(SECRET, NOW.getEpochSecond() - 301));
        assertEquals("refused: timestamp is 301 s old (at most 300 s)", assertThrows(Handshake.Refused.class,
                () -> old.checkFresh(NOW, Duration.ofSeconds(300))).getMessage());
        Handshake ahead = Handshake.read(query(SECRET, NOW.getEpochSecond() + 400));
        assertEquals("refused: timestamp is 400 s ahead (at most 300 s)", assertThrows(Handshake.Refused.class,
                () -> ahead.checkFresh(NOW, Duration.ofSeconds(300))).getMessage());

        Map<String, List<String>> missing = query(SECRET, NOW.getEpochSecond());
        missing.remove("nonce");
        assertEquals("refused: nonce is missing", assertThrows(Handshake.Refused.class,
                () -> Handshake.read(missing)).getMessage());
        Map<String, List<String>> twice = query(SECRET, NOW.getEpochSecond());
        twice.put("destination", List.of("pos", "till"));
        assertEquals("refused: destination is given more than once", assertThrows(Handshake.Refused.class,
                () -> Handshake.read(twice)).getMessage());
        Map<String, List<String>> shortNonce = query(SECRET, NOW.getEpochSecond());
        shortNonce.put("nonce", List.of("abc"));
        assertEquals("refused: nonce must be 16 to 128 letters, digits, '_', '-' or '.'",
                assertThrows(Handshake.Refused.class, () -> Handshake.read(shortNonce)).getMessage());
        Map<String, List<String>> words = query(SECRET, NOW.getEpochSecond());
        words.put("timestamp", List.of("yesterday"));
        assertEquals("refused: timestamp must be Unix seconds", assertThrows(Handshake.Refused.class,
                () -> Handshake.read(words)).getMessage());
    }

    @Test
    void aSignatureForAnotherDestinationOrNonceDoesNotMatch() throws Exception {
        Map<String, List<String>> query = query(SECRET, NOW.getEpochSecond());
        query.put("destination", List.of("till"));
        Handshake otherDestination = Handshake.read(query);
        SigningKeys keys = new SigningKeys(SignType.MD5, SECRET, null, null);
        assertThrows(Handshake.Refused.class, () -> otherDestination.checkSignature(keys, NOW));
        Map<String, List<String>> otherNonce = query(SECRET, NOW.getEpochSecond());
        otherNonce.put("nonce", List.of("fedcba9876543210fedc"));
        assertThrows(Handshake.Refused.class, () -> Handshake.read(otherNonce).checkSignature(keys, NOW));
    }
}
