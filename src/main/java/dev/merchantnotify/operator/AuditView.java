package dev.merchantnotify.operator;

import java.time.Instant;

/** An audit record as {@code audit} shows it. */
public record AuditView(long id, Instant at, String actor, String action, String target, String detail,
                        String client) {

    public static AuditView of(AuditRecord record) {
        return new AuditView(record.getId(), record.getAt(), record.getActor(), record.getAction(),
                record.getTarget(), record.getDetail(), record.getClient());
    }
}
