package dev.merchantnotify.merchant;

/** What the breaker (and an operator's pause) says about one more delivery to a merchant. */
public enum Admission {
    /** Closed: deliver (within the merchant's lane). */
    DELIVER,
    /** The open period is over and no probe is under way: this delivery may become the probe. */
    PROBE,
    /** Open, or a probe is under way: defer without using an attempt. */
    DEFER,
    /** An operator paused the merchant: park without an attempt and without expiry until it is resumed. */
    PARK
}
