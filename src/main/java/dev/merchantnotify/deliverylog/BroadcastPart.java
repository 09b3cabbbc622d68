package dev.merchantnotify.deliverylog;

/**
 * A notification's part in a broadcast (column {@code role}; null for every other notification). The accepted
 * notification is the {@code BROADCAST}: never sent itself, its status follows its {@code REQUIRED} copies (success
 * when all succeeded, failed when one failed for good). Each copy is a notification of its own, sent to one member.
 */
public enum BroadcastPart {
    /** The accepted notification of a broadcast route: delivered through its copies. */
    BROADCAST,
    /** A copy whose delivery the broadcast's success needs. */
    REQUIRED,
    /** A copy that is tried and logged like any other, and never changes the broadcast's status. */
    COPY
}
