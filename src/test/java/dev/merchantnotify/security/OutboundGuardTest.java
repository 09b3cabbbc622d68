package dev.merchantnotify.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutboundGuardTest {

    private static final OutboundGuard PRODUCTION = OutboundGuard.allowing("");
    private static final OutboundGuard DEVELOPMENT = OutboundGuard.allowing("127.0.0.0/8");

    private static String ingestRejection(OutboundGuard guard, String url) {
        return assertThrows(IllegalArgumentException.class, () -> guard.checkNotifyUrl(URI.create(url))).getMessage();
    }

    private static InetAddress address(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/n", "http://[::1]/n", "http://[::ffff:127.0.0.1]/n",
            "http://localhost/n", "http://LocalHost./n", "http://shop.localhost/n", "https://10.0.0.5/n",
            "http://169.254.169.254/latest/meta-data/", "http://[fd00::1]/n", "http://[fe80::1]/n",
            "http://0.0.0.0/n", "http://224.0.0.1/n"})
    void refusesBlockedLiteralsAndLocalhostNamesAtIngest(String url) {
        assertTrue(ingestRejection(PRODUCTION, url).startsWith("points to a blocked address: "), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://2130706433/", "http://0x7f000001/", "http://0177.0.0.1/",
            "http://127.000.000.001/", "http://017700000001:80/"})
    void refusesAmbiguousNumericHosts(String url) {
        assertTrue(ingestRejection(DEVELOPMENT, url).startsWith(
                "has a numeric host that is not an IPv4 address in dotted decimal form"), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://shop.example/notify", "http://8.8.8.8/n", "http://[2606:4700::1111]/n",
            "http://internal.corp.example/n", "http://0x.example/n", "http://1e100.net/n"})
    void lookupNeededOrPublicHostsPassIngest(String url) {
        assertDoesNotThrow(() -> PRODUCTION.checkNotifyUrl(URI.create(url)));
    }

    @Test
    void theDevelopmentAllowListLetsLoopbackThrough() {
        assertDoesNotThrow(() -> DEVELOPMENT.checkNotifyUrl(URI.create("http://127.0.0.1:7300/notify")));
        assertDoesNotThrow(() -> DEVELOPMENT.checkNotifyUrl(URI.create("http://localhost:7300/notify")));
        assertEquals("points to a blocked address: 0:0:0:0:0:0:0:1 is loopback (deliveries go to public addresses "
                + "only; notify.security.allowed-networks lists exceptions: 127.0.0.0/8)",
                ingestRejection(DEVELOPMENT, "http://[::1]/n"));
    }

    @Test
    void sendTimeVettingKeepsOnlyPermittedAddresses() throws Exception {
        List<InetAddress> resolved = List.of(address("10.0.0.1"), address("93.184.216.34"), address("::1"),
                address("2606:4700::1111"));
        assertEquals(List.of(address("93.184.216.34"), address("2606:4700::1111")),
                PRODUCTION.vet("shop.example", resolved));
    }

    @Test
    void aNameResolvingOnlyToBlockedAddressesIsRefusedSayingWhat() throws Exception {
        BlockedAddressException e = assertThrows(BlockedAddressException.class,
                () -> PRODUCTION.vet("rebind.example", List.of(address("127.0.0.1"), address("169.254.169.254"))));
        assertEquals("rebind.example resolves to blocked addresses only: 127.0.0.1 is loopback, 169.254.169.254 is "
                + "link-local (cloud metadata lives here) (deliveries go to public addresses only; "
                + "notify.security.allowed-networks lists exceptions, none now)", e.getMessage());
        assertEquals("10.9.8.7 is private (RFC 1918) (deliveries go to public addresses only; "
                        + "notify.security.allowed-networks lists exceptions, none now)",
                assertThrows(BlockedAddressException.class,
                        () -> PRODUCTION.vet("10.9.8.7", List.of(address("10.9.8.7")))).getMessage());
    }
}
