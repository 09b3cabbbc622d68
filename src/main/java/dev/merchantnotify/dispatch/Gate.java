package dev.merchantnotify.dispatch;

import dev.merchantnotify.merchant.MerchantHealth;
import dev.merchantnotify.merchant.MerchantRegistry;
import dev.merchantnotify.merchant.MerchantSettings;
import dev.merchantnotify.queue.Settlement;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Admission: what becomes of one destination's claimed notifications, decided from its health
 * ({@link dev.merchantnotify.merchant.Breaker#admit}). A closed breaker admits them into the destination's lane; an
 * open one defers them without using an attempt (due again after {@code notify.merchant.defer-seconds}); a breaker
 * whose open period ended lets exactly one probe through (one node wins it) and defers the rest; a paused destination
 * has them parked (no attempt, no expiry, until it is resumed).
 */
@ApplicationScoped
public class Gate {

    private static final Logger LOG = Logger.getLogger(Gate.class.getName());

    @Inject
    MerchantRegistry registry;

    @Inject
    MerchantSettings merchantSettings;

    @Inject
    DispatchSettings settings;

    @Inject
    Lanes lanes;

    @Inject
    RecordWorker records;

    /** Admits each destination's tasks; what its lane cannot take is added to {@code bounced}. */
    void admit(Map<String, List<DeliveryTask>> byDestination, Map<String, MerchantHealth> health, long nowMillis,
               List<Settlement> bounced) {
        for (Map.Entry<String, List<DeliveryTask>> destination : byDestination.entrySet()) {
            String key = destination.getKey();
            MerchantHealth destinationHealth = health.get(key);
            List<DeliveryTask> tasks = destination.getValue();
            switch (registry.breaker().admit(destinationHealth, nowMillis)) {
                case DELIVER -> lanes.admit(key, destinationHealth, tasks, nowMillis, bounced);
                case PROBE -> {
                    if (registry.tryStartProbe(destinationHealth, settings.lockTtlMillis())) {
                        LOG.info(() -> "merchant_key=" + key + " breaker half-open: probing with order_no="
                                + tasks.get(0).orderNo());
                        lanes.probe(tasks.get(0));
                        defer(tasks.subList(1, tasks.size()), nowMillis);
                    } else {
                        defer(tasks, nowMillis);
                    }
                }
                case DEFER -> defer(tasks, nowMillis);
                case PARK -> {
                    lanes.pausedSeen(key);
                    tasks.forEach(task -> records.add(Deferral.parked(task)));
                }
            }
        }
    }

    /**
     * Admits routed notifications, whose destination and admission {@link RouteChooser} decided (a probe it chose is
     * already won); what a lane cannot take is added to {@code bounced}.
     */
    void admitRouted(List<RouteChooser.Choice> choices, Map<String, MerchantHealth> health, long nowMillis,
                     List<Settlement> bounced) {
        Map<String, List<DeliveryTask>> delivering = new LinkedHashMap<>();
        List<DeliveryTask> deferred = new ArrayList<>();
        for (RouteChooser.Choice choice : choices) {
            DeliveryTask task = choice.task();
            if (choice.dropped() != null) {
                records.add(Deferral.dropped(task, choice.dropped()));
                continue;
            }
            switch (choice.admission()) {
                case DELIVER -> delivering.computeIfAbsent(task.merchantKey(), k -> new ArrayList<>()).add(task);
                case PROBE -> lanes.probe(task);
                case DEFER -> deferred.add(task);
                case PARK -> {
                    lanes.pausedSeen(task.merchantKey());
                    records.add(Deferral.parked(task));
                }
            }
        }
        delivering.forEach((key, tasks) -> lanes.admit(key, health.containsKey(key) ? health.get(key)
                : MerchantHealth.unknown(key), tasks, nowMillis, bounced));
        defer(deferred, nowMillis);
    }

    private void defer(List<DeliveryTask> tasks, long nowMillis) {
        Instant until = Instant.ofEpochMilli(nowMillis + merchantSettings.deferDelay().toMillis());
        tasks.forEach(task -> records.add(new Deferral(task, until)));
    }
}
