package it.dev.merchantnotify;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The application exactly as the build packages it: the integration tests run against the real WAR. */
public final class Deployments {

    private Deployments() {
    }

    public static WebArchive application() {
        File war = new File("target/merchant-notify.war");
        if (!war.isFile()) {
            throw new IllegalStateException(war + " is missing: run the integration tests with 'mvn verify'");
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }
}
