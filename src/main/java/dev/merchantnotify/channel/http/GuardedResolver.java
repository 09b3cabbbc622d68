package dev.merchantnotify.channel.http;

import dev.merchantnotify.security.BlockedAddressException;
import dev.merchantnotify.security.OutboundGuard;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * The HTTP client's address resolver: resolves a merchant's host (a literal needs no lookup) and hands the client only
 * the addresses {@link OutboundGuard#vet} permits, so the connection is made to a vetted address and nothing else.
 * When none is permitted the resolution fails with a {@link BlockedAddressException} and no connection is attempted.
 * Also the resolver of the SMS providers' client ({@code dev.merchantnotify.channel.sms}).
 */
public final class GuardedResolver implements SocketAddressResolver {

    private final SocketAddressResolver lookup;
    private final OutboundGuard guard;

    public GuardedResolver(SocketAddressResolver lookup, OutboundGuard guard) {
        this.lookup = lookup;
        this.guard = guard;
    }

    @Override
    public void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
        lookup.resolve(host, port, context, Promise.from(resolved -> {
            try {
                List<InetAddress> permitted = guard.vet(host,
                        resolved.stream().map(InetSocketAddress::getAddress).toList());
                promise.succeeded(permitted.stream().map(address -> new InetSocketAddress(address, port)).toList());
            } catch (BlockedAddressException e) {
                promise.failed(e);
            }
        }, promise::failed));
    }
}
