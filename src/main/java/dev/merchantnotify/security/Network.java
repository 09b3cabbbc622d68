package dev.merchantnotify.security;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A network in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}): an address and how many leading bits of it count.
 * IPv4 and IPv6 networks never contain each other's addresses; IPv4-mapped IPv6 addresses are read as IPv4 by
 * {@link AddressRules} before they are matched.
 */
record Network(byte[] prefix, int bits, String text) {

    /**
     * Reads {@code address/bits}, or a bare address (a network of that one address).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static Network parse(String cidr) {
        String text = cidr.strip();
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        if (!isLiteral(address)) {
            throw new IllegalArgumentException("'" + text + "' is not a network: write an IPv4 or IPv6 address with an "
                    + "optional /prefix length, e.g. 10.0.0.0/8 or fd00::/8");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not a network: " + address + " is not an address");
        }
        int max = bytes.length * 8;
        int bits;
        try {
            bits = slash < 0 ? max : Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            bits = -1;
        }
        if (bits < 0 || bits > max) {
            throw new IllegalArgumentException("'" + text + "' is not a network: the prefix length must be 0 to " + max);
        }
        for (int bit = bits; bit < max; bit++) {
            if ((bytes[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
                throw new IllegalArgumentException("'" + text + "' is not a network: bits are set after the first "
                        + bits + " (did you mean " + canonical(bytes, bits) + "?)");
            }
        }
        return new Network(bytes, bits, text);
    }

    /** Whether {@code address} (4 or 16 bytes) lies in this network. */
    boolean contains(byte[] address) {
        if (address.length != prefix.length) {
            return false;
        }
        int whole = bits / 8;
        for (int i = 0; i < whole; i++) {
            if (address[i] != prefix[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (address[whole] & mask) == (prefix[whole] & mask);
    }

    /** Only hex digits, dots and colons: an address literal, never a name that would need a DNS lookup. */
    private static boolean isLiteral(String address) {
        return !address.isEmpty() && (address.contains(":") ? address.matches("[0-9a-fA-F:.]+")
                : address.matches("\\d{1,3}(\\.\\d{1,3}){3}"));
    }

    private static String canonical(byte[] bytes, int bits) {
        byte[] masked = bytes.clone();
        for (int bit = bits; bit < masked.length * 8; bit++) {
            masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(masked).getHostAddress() + "/" + bits;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Network network && network.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
