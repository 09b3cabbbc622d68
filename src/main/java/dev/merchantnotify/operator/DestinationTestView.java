package dev.merchantnotify.operator;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * What a test notification sent to one destination gave: the same judgement as a real attempt (nothing is stored,
 * the destination's health does not change).
 *
 * @param status      the far side's status code (HTTP status), null when none came
 * @param errorKind   the failure kind ({@code connect}, {@code timeout}, {@code http_status}...), null for a success
 * @param providerRef the far side's reference for what it accepted, where the channel has one
 */
@JsonbPropertyOrder({"destination", "orderNo", "success", "status", "durationMs", "errorKind", "error",
        "responseExcerpt", "providerRef"})
public record DestinationTestView(String destination, String orderNo, boolean success, Integer status,
                                  long durationMs, String errorKind, String error, String responseExcerpt,
                                  String providerRef) {
}
