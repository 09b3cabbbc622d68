package it.dev.merchantnotify;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

/**
 * What every integration test stands on: the application exactly as the build packages it, deployed by Arquillian to
 * the managed test server; the producers' API; stub merchants on loopback; and the test server's embedded Redis.
 */
@ExtendWith(ArquillianExtension.class)
public abstract class AgainstServer {

    /** The longest a test waits for the server to reach a state. */
    protected static final Duration WAIT = Duration.ofSeconds(60);

    protected static StubMerchant merchant;
    protected static RedisClient redis;

    protected final NotifyApi api = new NotifyApi();

    @Deployment(testable = false)
    public static WebArchive application() {
        File war = new File("target/merchant-notify.war");
        if (!war.isFile()) {
            throw new IllegalStateException(war + " is missing: run the integration tests with './mvnw verify'");
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }

    @BeforeAll
    static void startMerchantAndConnect() throws IOException {
        merchant = new StubMerchant();
        redis = RedisClient.create("127.0.0.1", Integer.getInteger("it.redis.port", 16391));
    }

    @AfterAll
    static void stopMerchantAndDisconnect() throws IOException {
        merchant.close();
        redis.close();
    }
}
