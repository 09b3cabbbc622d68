package dev.merchantnotify.security;

import dev.merchantnotify.merchant.NotifyUrl;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Keeps deliveries away from the platform's own networks ({@link AddressRules}, with the exceptions in
 * {@code notify.security.allowed-networks}). Two checks:
 * <ul>
 *   <li>at ingest, {@link #checkNotifyUrl}: hosts that are addresses (and {@code localhost} names) are judged without
 *       any lookup, ambiguous numeric forms ({@code 2130706433}, {@code 127.1}, {@code 0x7f.0.0.1}) are refused;
 *       other names are not resolved there (a lookup per notification would slow ingest, and DNS answers change);</li>
 *   <li>at send time, {@link #vet}: the addresses a name resolved to, of which only the permitted ones are kept. The
 *       HTTP client connects to exactly those (see {@code dispatch}), so a name cannot resolve to a public address for
 *       the check and to an internal one for the connection.</li>
 * </ul>
 */
@ApplicationScoped
public class OutboundGuard {

    private static final Pattern NUMERIC_HOST =
            Pattern.compile("(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]+))*\\.?", Pattern.CASE_INSENSITIVE);
    private static final Pattern DOTTED_QUAD =
            Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");

    /** What a localhost name stands for (RFC 6761), whatever a resolver says. */
    private static final List<InetAddress> LOCALHOST = List.of(InetAddress.getLoopbackAddress(),
            literal(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}));

    @Inject
    SecuritySettings settings;

    private List<Network> allowed;

    @PostConstruct
    void init() {
        allowed = settings.allowedNetworks();
    }

    /** For tests and tools: a guard with these exceptions. */
    public static OutboundGuard allowing(String networks) {
        OutboundGuard guard = new OutboundGuard();
        guard.allowed = SecuritySettings.parseNetworks(networks);
        return guard;
    }

    /**
     * Reads a notify URL ({@link NotifyUrl#parse}) and applies the ingest check to it: the one reading for ingest and
     * the admin API.
     *
     * @throws IllegalArgumentException with the rest of a sentence that starts with the field's name
     */
    public URI parseNotifyUrl(String notifyUrl) {
        URI uri = NotifyUrl.parse(notifyUrl);
        checkNotifyUrl(uri);
        return uri;
    }

    private static InetAddress literal(byte[] address) {
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are always an address", e);
        }
    }

    /**
     * The ingest check of a parsed notify URL.
     *
     * @throws IllegalArgumentException with the rest of a sentence that starts with the field's name, e.g.
     *                                  {@code "points to a blocked address: 10.0.0.7 is private (RFC 1918) …"}
     */
    public void checkNotifyUrl(URI notifyUrl) {
        String host = notifyUrl.getHost();
        if (host == null) {
            return; // NotifyUrl refuses it
        }
        checkHost(host);
    }

    /**
     * The same check of a host given on its own (a broker's): judged without a lookup when it is an address or a
     * localhost name, else left to {@link #resolve} at connect time.
     *
     * @throws IllegalArgumentException with the rest of a sentence that starts with the field's name
     */
    public void checkHost(String host) {
        List<InetAddress> addresses = addressesWithoutLookup(host);
        if (!addresses.isEmpty()) {
            try {
                vet(host, addresses);
            } catch (BlockedAddressException e) {
                throw new IllegalArgumentException("points to a blocked address: " + e.getMessage());
            }
        }
    }

    /**
     * The addresses of {@code host} a delivery may go to.
     *
     * @param resolved what {@code host} resolved to
     * @return the permitted ones, in their order
     * @throws BlockedAddressException if none is permitted; its message names each address and what it is
     */
    public List<InetAddress> vet(String host, List<InetAddress> resolved) throws BlockedAddressException {
        List<InetAddress> permitted = new ArrayList<>(resolved.size());
        List<String> refused = new ArrayList<>();
        for (InetAddress address : resolved) {
            Optional<String> kind = AddressRules.blocked(address, allowed);
            if (kind.isEmpty()) {
                permitted.add(address);
            } else {
                refused.add(address.getHostAddress() + " is " + kind.get());
            }
        }
        if (permitted.isEmpty()) {
            boolean literal = host.contains(":") || DOTTED_QUAD.matcher(host).matches();
            throw new BlockedAddressException((literal ? "" : host + " resolves to "
                    + (resolved.size() == 1 ? "" : "blocked addresses only: ")) + String.join(", ", refused)
                    + " (deliveries go to public addresses only; notify.security.allowed-networks lists exceptions"
                    + (allowed.isEmpty() ? ", none now)" : ": " + allowed.stream().map(Network::toString)
                    .collect(Collectors.joining(", ")) + ")"));
        }
        return permitted;
    }

    /**
     * Looks {@code host} up (no lookup for an address or a localhost name) and keeps the addresses a delivery may go
     * to: for a channel whose client takes an address to connect to, so that it connects to one that was vetted.
     *
     * @throws UnknownHostException     if the name does not resolve
     * @throws BlockedAddressException  if none of its addresses is permitted
     * @throws IllegalArgumentException if the host is a numeric form that is not an address ({@link #checkHost})
     */
    public List<InetAddress> resolve(String host) throws UnknownHostException, BlockedAddressException {
        List<InetAddress> addresses = addressesWithoutLookup(host);
        if (addresses.isEmpty()) {
            addresses = List.of(InetAddress.getAllByName(host));
        }
        return vet(host, addresses);
    }

    /** The addresses a host stands for when it needs no lookup: an address literal or a localhost name; else empty. */
    static List<InetAddress> addressesWithoutLookup(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        try {
            if (name.startsWith("[")) {
                return List.of(InetAddress.getByName(name.substring(1, name.length() - 1)));
            }
            if (NUMERIC_HOST.matcher(name).matches()) {
                if (!DOTTED_QUAD.matcher(name).matches()) {
                    throw new IllegalArgumentException("has a numeric host that is not an IPv4 address in dotted "
                            + "decimal form (" + host + "): write an address as four numbers 0-255, e.g. 203.0.113.7");
                }
                return List.of(InetAddress.getByName(name));
            }
            if (name.equals("localhost") || name.equals("localhost.") || name.endsWith(".localhost")
                    || name.endsWith(".localhost.")) {
                return LOCALHOST;
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("has a host that is not a valid address: " + host);
        }
        return List.of();
    }
}
