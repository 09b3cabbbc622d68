package dev.merchantnotify.channel;

import java.util.Map;

/**
 * The sentence that tells a person what happened to an order, per event and language ({@code zh}, {@code en}): what
 * the built-in email opens with and the built-in SMS says. {@code order.paid}, {@code order.refunded} and
 * {@code order.closed} have their own; any other event gets a sentence that names it.
 */
public final class EventTexts {

    private static final Map<String, Map<String, KeyTemplate>> SENTENCES = Map.of(
            "en", Map.of(
                    "order.paid", parse("Order {order_no} has been paid."),
                    "order.refunded", parse("A refund for order {order_no} has been made."),
                    "order.closed", parse("Order {order_no} has been closed."),
                    "*", parse("Order {order_no} has a new event: {event}.")),
            "zh", Map.of(
                    "order.paid", parse("订单 {order_no} 已支付成功。"),
                    "order.refunded", parse("订单 {order_no} 的退款已完成。"),
                    "order.closed", parse("订单 {order_no} 已关闭。"),
                    "*", parse("订单 {order_no} 有新的事件：{event}。")));

    private EventTexts() {
    }

    /** The sentence for an event in a language ({@code zh} or {@code en}). */
    public static KeyTemplate sentence(String language, String event) {
        Map<String, KeyTemplate> sentences = SENTENCES.get(language);
        return sentences.getOrDefault(event, sentences.get("*"));
    }

    private static KeyTemplate parse(String template) {
        return KeyTemplate.parse("template", template);
    }
}
