package dev.merchantnotify.routing;

import java.util.List;

/** A route as an operator sets it, already checked (see {@code dev.merchantnotify.operator}). */
public record RouteDraft(EventPattern eventPattern, Strategy strategy, boolean sticky, int failoverAfter,
                         boolean enabled, List<RouteMember> members) {
}
