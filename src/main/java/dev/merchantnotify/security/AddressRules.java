package dev.merchantnotify.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Which addresses a delivery may go to. Blocked unless an allowed network holds them: every address that is not a
 * public unicast address (IANA's special-purpose registries): loopback, private (RFC 1918), link-local (169.254.0.0/16,
 * where cloud metadata lives), shared CGNAT space, multicast, documentation, benchmarking and reserved ranges, the
 * unspecified address, and in IPv6 loopback, unique-local, link-local, site-local, multicast, documentation and
 * discard. IPv6 forms that carry an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64 64:ff9b::/96, 6to4 2002::/16)
 * are judged by the IPv4 address they carry, so {@code ::ffff:127.0.0.1} is loopback like {@code 127.0.0.1}.
 *
 * <p>Pure: no lookups, no configuration; {@link OutboundGuard} applies it to resolved addresses.
 */
public final class AddressRules {

    private record Range(Network network, String kind) {
        static Range of(String cidr, String kind) {
            return new Range(Network.parse(cidr), kind);
        }
    }

    private static final List<Range> IPV4 = List.of(
            Range.of("0.0.0.0/8", "unspecified (\"this network\")"),
            Range.of("10.0.0.0/8", "private (RFC 1918)"),
            Range.of("100.64.0.0/10", "shared CGNAT space (RFC 6598)"),
            Range.of("127.0.0.0/8", "loopback"),
            Range.of("169.254.0.0/16", "link-local (cloud metadata lives here)"),
            Range.of("172.16.0.0/12", "private (RFC 1918)"),
            Range.of("192.0.0.0/24", "reserved (IETF protocol assignments)"),
            Range.of("192.0.2.0/24", "documentation (TEST-NET-1)"),
            Range.of("192.88.99.0/24", "reserved (6to4 relay anycast)"),
            Range.of("192.168.0.0/16", "private (RFC 1918)"),
            Range.of("198.18.0.0/15", "benchmarking (RFC 2544)"),
            Range.of("198.51.100.0/24", "documentation (TEST-NET-2)"),
            Range.of("203.0.113.0/24", "documentation (TEST-NET-3)"),
            Range.of("224.0.0.0/4", "multicast"),
            Range.of("240.0.0.0/4", "reserved (including broadcast)"));

    private static final List<Range> IPV6 = List.of(
            Range.of("::/128", "unspecified"),
            Range.of("::1/128", "loopback"),
            Range.of("64:ff9b:1::/48", "local-use NAT64 (RFC 8215)"),
            Range.of("100::/64", "discard-only (RFC 6666)"),
            Range.of("2001::/23", "reserved (IETF protocol assignments, Teredo)"),
            Range.of("2001:db8::/32", "documentation"),
            Range.of("3fff::/20", "documentation"),
            Range.of("fc00::/7", "unique-local"),
            Range.of("fe80::/10", "link-local"),
            Range.of("fec0::/10", "site-local (deprecated)"),
            Range.of("ff00::/8", "multicast"));

    private static final Network IPV4_COMPATIBLE = Network.parse("::/96");
    /** ::ffff:0:0/96, from bytes: Java reads the text of an IPv4-mapped address as the IPv4 address. */
    private static final Network IPV4_MAPPED = new Network(
            new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0}, 96, "::ffff:0:0/96");
    private static final Network NAT64 = Network.parse("64:ff9b::/96");
    private static final Network SIX_TO_FOUR = Network.parse("2002::/16");

    private AddressRules() {
    }

    /**
     * Why a delivery may not go to {@code address}, or empty if it may: it is public, or an allowed network holds it
     * (or the IPv4 address it carries).
     *
     * @return the kind of address, e.g. {@code "loopback"}, for messages
     */
    public static Optional<String> blocked(InetAddress address, List<Network> allowed) {
        byte[] bytes = address.getAddress();
        if (isAllowed(bytes, allowed)) {
            return Optional.empty();
        }
        if (bytes.length == 16 && IPV4_COMPATIBLE.contains(bytes)) {
            // ::/96 holds :: and ::1 too, and IPv4-compatible addresses are deprecated: never a merchant's.
            return Optional.of(kindOf(bytes, IPV6).orElse("IPv4-compatible (deprecated)"));
        }
        byte[] carried = carriedIpv4(bytes);
        if (carried != null) {
            if (isAllowed(carried, allowed)) {
                return Optional.empty();
            }
            String form = IPV4_MAPPED.contains(bytes) ? "IPv4-mapped" : NAT64.contains(bytes) ? "NAT64" : "6to4";
            return kindOf(carried, IPV4).map(kind -> kind + ", " + form + " " + toText(carried));
        }
        return kindOf(bytes, bytes.length == 4 ? IPV4 : IPV6);
    }

    private static boolean isAllowed(byte[] bytes, List<Network> allowed) {
        for (Network network : allowed) {
            if (network.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> kindOf(byte[] bytes, List<Range> ranges) {
        for (Range range : ranges) {
            if (range.network().contains(bytes)) {
                return Optional.of(range.kind());
            }
        }
        return Optional.empty();
    }

    /** The IPv4 address an IPv6 address carries (IPv4-mapped, NAT64, 6to4), or null. */
    private static byte[] carriedIpv4(byte[] bytes) {
        if (bytes.length != 16) {
            return null;
        }
        if (IPV4_MAPPED.contains(bytes) || NAT64.contains(bytes)) {
            return Arrays.copyOfRange(bytes, 12, 16);
        }
        if (SIX_TO_FOUR.contains(bytes)) {
            return Arrays.copyOfRange(bytes, 2, 6);
        }
        return null;
    }

    private static String toText(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }
}
