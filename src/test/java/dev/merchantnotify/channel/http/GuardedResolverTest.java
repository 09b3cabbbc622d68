package dev.merchantnotify.channel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.merchantnotify.security.BlockedAddressException;
import dev.merchantnotify.security.OutboundGuard;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.junit.jupiter.api.Test;

class GuardedResolverTest {

    /** A name server whose answers change from one lookup to the next, as a rebinding attacker's does. */
    private static final class ChangingAnswers implements SocketAddressResolver {
        final Deque<List<String>> answers = new ArrayDeque<>();

        @Override
        public void resolve(String host, int port, Map<String, Object> context,
                            Promise<List<InetSocketAddress>> promise) {
            promise.succeeded(answers.remove().stream().map(a -> new InetSocketAddress(address(a), port)).toList());
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    private static CompletableFuture<List<InetSocketAddress>> resolve(SocketAddressResolver resolver, String host) {
        CompletableFuture<List<InetSocketAddress>> result = new CompletableFuture<>();
        resolver.resolve(host, 443, Map.of(), Promise.from(result));
        return result;
    }

    @Test
    void theClientGetsExactlyTheVettedAddressesOfEachLookup() throws Exception {
        ChangingAnswers dns = new ChangingAnswers();
        dns.answers.add(List.of("93.184.216.34"));
        dns.answers.add(List.of("127.0.0.1", "93.184.216.35"));
        dns.answers.add(List.of("169.254.169.254"));
        GuardedResolver resolver = new GuardedResolver(dns, OutboundGuard.allowing(""));

        assertEquals(List.of(new InetSocketAddress(address("93.184.216.34"), 443)),
                resolve(resolver, "shop.example").get());
        assertEquals(List.of(new InetSocketAddress(address("93.184.216.35"), 443)),
                resolve(resolver, "shop.example").get(), "the loopback answer never reaches the client");
        ExecutionException blocked = assertThrows(ExecutionException.class,
                () -> resolve(resolver, "shop.example").get());
        assertInstanceOf(BlockedAddressException.class, blocked.getCause());
        assertTrue(blocked.getCause().getMessage().startsWith("shop.example resolves to 169.254.169.254 is link-local"),
                blocked.getCause().getMessage());
    }

    @Test
    void aFailedLookupStaysAFailedLookup() {
        SocketAddressResolver failing = (host, port, context, promise) -> promise.failed(new UnknownHostException(host));
        CompletableFuture<List<InetSocketAddress>> result = resolve(new GuardedResolver(failing,
                OutboundGuard.allowing("")), "nowhere.example");
        ExecutionException e = assertThrows(ExecutionException.class, result::get);
        assertEquals(UnknownHostException.class, e.getCause().getClass());
    }
}
