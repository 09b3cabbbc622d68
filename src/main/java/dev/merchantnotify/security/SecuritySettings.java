package dev.merchantnotify.security;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The {@code notify.security.*} settings, read once and validated at start-up (a wrong value stops the application with
 * a sentence naming the key). Defaults and meanings are in {@code META-INF/microprofile-config.properties}.
 */
@ApplicationScoped
public class SecuritySettings {

    @Inject
    @ConfigProperty(name = "notify.security.production-mode")
    boolean productionMode;

    @Inject
    @ConfigProperty(name = "notify.security.allowed-networks")
    Optional<String> allowedNetworksText;

    private List<Network> allowedNetworks;

    @PostConstruct
    void validate() {
        allowedNetworks = parseNetworks(allowedNetworksText.orElse(""));
    }

    /**
     * Reads a comma-separated list of networks.
     *
     * @throws IllegalStateException naming the key and the wrong entry
     */
    static List<Network> parseNetworks(String text) {
        List<Network> networks = new ArrayList<>();
        for (String entry : text.split(",")) {
            if (!entry.isBlank()) {
                try {
                    networks.add(Network.parse(entry));
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("Invalid setting notify.security.allowed-networks: " + e.getMessage());
                }
            }
        }
        return List.copyOf(networks);
    }

    /** Whether the development defaults are off (see {@link ProductionCheck}). */
    public boolean productionMode() {
        return productionMode;
    }

    /** Networks a delivery may go to although the address rules would block them. */
    public List<Network> allowedNetworks() {
        return allowedNetworks;
    }
}
