package dev.merchantnotify.operator;

/** Who acts: the authenticated user's name, and the address the request came from. */
public record Operator(String name, String client) {
}
