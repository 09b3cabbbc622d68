package dev.merchantnotify.operator;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/**
 * What a recovery would queue again, without queueing it (recover's {@code dry_run}, the console's confirmation).
 *
 * @param status {@code failed} or {@code success}, as the API names states
 * @param count  the merchant's notifications in that state created in [{@code since}, {@code until})
 */
@JsonbPropertyOrder({"merchantKey", "notifyUrl", "status", "since", "until", "count"})
public record RecoverableView(String merchantKey, String notifyUrl, String status, Instant since, Instant until,
                              long count) {
}
