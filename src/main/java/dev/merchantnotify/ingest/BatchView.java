package dev.merchantnotify.ingest;

import java.util.List;

/** The answer to a batch: counts, then one result per submitted item, in order. */
public record BatchView(int accepted, int duplicate, int rejected, List<ItemResult> results) {

    /**
     * One item's fate. {@code status} is {@code accepted}, {@code duplicate} or {@code rejected}; a rejected item has
     * {@code msg} naming the field at fault and no id.
     */
    public record ItemResult(int index, String status, Long id, String orderNo, String merchantKey, String msg) {
    }
}
