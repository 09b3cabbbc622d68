package dev.merchantnotify.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressRulesTest {

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal); // literals only: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    private static Optional<String> blocked(String literal, String allowed) {
        return AddressRules.blocked(address(literal), SecuritySettings.parseNetworks(allowed));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
            "0.0.0.0|unspecified (\"this network\")",
            "0.1.2.3|unspecified (\"this network\")",
            "10.0.0.1|private (RFC 1918)",
            "10.255.255.255|private (RFC 1918)",
            "100.64.0.1|shared CGNAT space (RFC 6598)",
            "100.127.255.254|shared CGNAT space (RFC 6598)",
            "127.0.0.1|loopback",
            "127.255.255.254|loopback",
            "169.254.169.254|link-local (cloud metadata lives here)",
            "169.254.0.1|link-local (cloud metadata lives here)",
            "172.16.0.1|private (RFC 1918)",
            "172.31.255.255|private (RFC 1918)",
            "192.0.0.8|reserved (IETF protocol assignments)",
            "192.0.2.10|documentation (TEST-NET-1)",
            "192.88.99.1|reserved (6to4 relay anycast)",
            "192.168.1.1|private (RFC 1918)",
            "198.18.0.1|benchmarking (RFC 2544)",
            "198.19.255.255|benchmarking (RFC 2544)",
            "198.51.100.7|documentation (TEST-NET-2)",
            "203.0.113.7|documentation (TEST-NET-3)",
            "224.0.0.251|multicast",
            "239.255.255.250|multicast",
            "240.0.0.1|reserved (including broadcast)",
            "255.255.255.255|reserved (including broadcast)",
            "::|unspecified",
            "::1|loopback",
            "fc00::1|unique-local",
            "fd12:3456:789a::1|unique-local",
            "fe80::1|link-local",
            "febf:ffff::1|link-local",
            "fec0::1|site-local (deprecated)",
            "ff02::1|multicast",
            "2001:db8::1|documentation",
            "3fff::1|documentation",
            "100::1|discard-only (RFC 6666)",
            "2001:0:4136:e378::1|reserved (IETF protocol assignments, Teredo)",
            "64:ff9b:1::a00:1|local-use NAT64 (RFC 8215)",
            "::7f00:1|IPv4-compatible (deprecated)",
            "64:ff9b::7f00:1|loopback, NAT64 127.0.0.1",
            "64:ff9b::a9fe:a9fe|link-local (cloud metadata lives here), NAT64 169.254.169.254",
            "2002:a00:1::1|private (RFC 1918), 6to4 10.0.0.1",
            "2002:7f00:1::|loopback, 6to4 127.0.0.1",
    })
    void blocksEverySpecialPurposeRange(String literal, String kind) {
        assertEquals(Optional.of(kind), blocked(literal, ""));
    }

    @ParameterizedTest(name = "IPv4-mapped {0}")
    @ValueSource(strings = {"::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:10.0.0.1", "::ffff:169.254.169.254",
            "0:0:0:0:0:ffff:192.168.0.1"})
    void judgesIpv4MappedFormsAsTheirIpv4Address(String literal) {
        assertTrue(blocked(literal, "").isPresent(), literal);
        String ipv4 = address(literal).getHostAddress();
        assertEquals(blocked(ipv4, ""), blocked(literal, ""));
    }

    @ParameterizedTest(name = "{0} is public")
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "93.184.216.34", "172.32.0.1", "172.15.255.255", "100.128.0.1",
            "169.253.255.255", "11.0.0.1", "198.20.0.1", "223.255.255.255", "2606:4700:4700::1111",
            "2a00:1450:4001:80b::200e", "2002:808:808::1", "64:ff9b::808:808", "::ffff:8.8.8.8"})
    void letsPublicAddressesThrough(String literal) {
        assertEquals(Optional.empty(), blocked(literal, ""));
    }

    @ParameterizedTest(name = "{0} allowed by {1}")
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1|127.0.0.0/8",
            "127.9.8.7|127.0.0.0/8",
            "::ffff:127.0.0.1|127.0.0.0/8",
            "64:ff9b::7f00:1|127.0.0.0/8",
            "10.20.30.40|192.168.0.0/16, 10.20.0.0/16",
            "::1|::1/128",
            "fd00:1::5|fd00:1::/32",
            "169.254.169.254|169.254.169.254/32",
            "169.254.169.254|169.254.169.254",
    })
    void allowedNetworksAreExceptions(String literal, String allowed) {
        assertEquals(Optional.empty(), blocked(literal, allowed));
    }

    @ParameterizedTest(name = "{0} still blocked with {1}")
    @CsvSource(delimiter = '|', value = {
            "::1|127.0.0.0/8",
            "::7f00:1|127.0.0.0/8",
            "10.21.0.1|10.20.0.0/16",
            "127.0.0.1|::1/128",
            "fd00:2::5|fd00:1::/32",
    })
    void anAllowedNetworkCoversOnlyItself(String literal, String allowed) {
        assertTrue(blocked(literal, allowed).isPresent());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.0.0.1/8|'10.0.0.1/8' is not a network: bits are set after the first 8 (did you mean 10.0.0.0/8?)",
            "10.0.0.0/33|'10.0.0.0/33' is not a network: the prefix length must be 0 to 32",
            "fd00::/129|'fd00::/129' is not a network: the prefix length must be 0 to 128",
            "10.0.0.0/x|'10.0.0.0/x' is not a network: the prefix length must be 0 to 32",
            "internal.example|'internal.example' is not a network: write an IPv4 or IPv6 address with an optional /prefix length, e.g. 10.0.0.0/8 or fd00::/8",
            "10.0/8|'10.0/8' is not a network: write an IPv4 or IPv6 address with an optional /prefix length, e.g. 10.0.0.0/8 or fd00::/8",
    })
    void rejectsMalformedNetworksNamingTheSetting(String entry, String message) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SecuritySettings.parseNetworks("127.0.0.0/8, " + entry));
        assertEquals("Invalid setting notify.security.allowed-networks: " + message, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "127.0.0.0/8", "127.0.0.0/8,::1/128", " 10.0.0.0/8 , fd00::/8 "})
    void readsNetworkLists(String text) {
        List<Network> networks = SecuritySettings.parseNetworks(text);
        assertEquals(text.isBlank() ? 0 : text.split(",").length, networks.size());
    }
}
