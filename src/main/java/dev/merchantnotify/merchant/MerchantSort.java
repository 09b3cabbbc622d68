package dev.merchantnotify.merchant;

/** The orders a page of merchants can be listed in: the merchant table's own columns (health lives in Redis). */
public enum MerchantSort {
    FIRST_SEEN("m.firstSeenAt"),
    MERCHANT_KEY("m.merchantKey"),
    NOTIFY_URL("m.notifyUrl"),
    STATUS("m.status"),
    STATUS_CHANGED("m.statusChangedAt");

    private final String attribute;

    MerchantSort(String attribute) {
        this.attribute = attribute;
    }

    String attribute() {
        return attribute;
    }
}
