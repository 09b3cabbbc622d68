package dev.merchantnotify.channel.email;

import dev.merchantnotify.channel.Attempt;
import dev.merchantnotify.channel.EventTexts;
import dev.merchantnotify.channel.KeyTemplate;
import java.util.Map;

/**
 * What an email says: a destination's own template for the event (or for {@code *}), else the built-in one of its
 * language. The built-in templates open with the event's sentence ({@link EventTexts}), list the payload's fields
 * (strings, numbers and booleans, the common ones with a label in the language) and close with the notification's
 * id; the HTML alternative says the same in a table.
 * Values from the notification are HTML-escaped in HTML, and line breaks never reach the subject.
 */
final class EmailTemplates {

    /** One email, rendered. {@code text} or {@code html} is null when it is not sent. */
    record Rendered(String subject, String text, String html) {
    }

    private static final Map<String, Map<String, KeyTemplate>> SUBJECTS = Map.of(
            "en", Map.of(
                    "order.paid", parse("Payment received for order {order_no}"),
                    "order.refunded", parse("Order {order_no} refunded"),
                    "order.closed", parse("Order {order_no} closed"),
                    "*", parse("{event}: order {order_no}")),
            "zh", Map.of(
                    "order.paid", parse("订单 {order_no} 已支付"),
                    "order.refunded", parse("订单 {order_no} 已退款"),
                    "order.closed", parse("订单 {order_no} 已关闭"),
                    "*", parse("{event}：订单 {order_no}")));

    private static final Map<String, Map<String, String>> LABELS = Map.of(
            "en", Map.of("order_no", "Order", "amount", "Amount", "currency", "Currency", "status", "Status",
                    "pay_time", "Paid at", "paid_at", "Paid at", "transaction_id", "Transaction",
                    "merchant_no", "Merchant", "refund_amount", "Refund amount"),
            "zh", Map.of("order_no", "订单号", "amount", "金额", "currency", "币种", "status", "状态",
                    "pay_time", "支付时间", "paid_at", "支付时间", "transaction_id", "交易号",
                    "merchant_no", "商户号", "refund_amount", "退款金额"));

    private static final Map<String, KeyTemplate> FOOTER = Map.of(
            "en", parse("Notification {notification_id}, sent by Merchant Notify."),
            "zh", parse("通知编号 {notification_id}，由 Merchant Notify 发送。"));

    private static final Map<String, String> DETAILS = Map.of("en", "Details", "zh", "详情");

    private EmailTemplates() {
    }

    /**
     * The email of one attempt.
     *
     * @param language {@code zh} or {@code en}: the built-in template's
     */
    static Rendered render(Attempt attempt, EmailSettings.Parsed destination, String language) {
        EmailSettings.Template own = destination.templates().get(attempt.event());
        if (own == null) {
            own = destination.templates().get("*");
        }
        EmailSettings.Format format = destination.format();
        if (own != null) {
            String subject = subjectLine(own.subject().render(attempt));
            String text = own.text() == null ? null : own.text().render(attempt);
            String html = own.html() == null ? null : own.html().render(attempt, EmailTemplates::escape);
            if (format == EmailSettings.Format.TEXT && text != null) {
                html = null;
            } else if (format == EmailSettings.Format.HTML && html != null) {
                text = null;
            }
            return new Rendered(subject, text, html);
        }
        Map<String, KeyTemplate> subjects = SUBJECTS.get(language);
        String subject = subjectLine(subjects.getOrDefault(attempt.event(), subjects.get("*")).render(attempt));
        KeyTemplate sentence = EventTexts.sentence(language, attempt.event());
        String opening = sentence.render(attempt);
        String footer = FOOTER.get(language).render(attempt);
        Map<String, String> fields = KeyTemplate.scalars(attempt.payload());
        Map<String, String> labels = LABELS.get(language);
        String text = null;
        String html = null;
        if (format != EmailSettings.Format.HTML) {
            StringBuilder body = new StringBuilder(256).append(opening).append("\n\n");
            if (!fields.isEmpty()) {
                body.append(DETAILS.get(language)).append(":\n");
                fields.forEach((name, value) -> body.append("  ").append(labels.getOrDefault(name, name))
                        .append(": ").append(value).append('\n'));
                body.append('\n');
            }
            text = body.append(footer).append('\n').toString();
        }
        if (format != EmailSettings.Format.TEXT) {
            String htmlOpening = sentence.render(attempt, EmailTemplates::escape);
            String htmlFooter = FOOTER.get(language).render(attempt, EmailTemplates::escape);
            StringBuilder body = new StringBuilder(512)
                    .append("<!DOCTYPE html>\n<html lang=\"").append(language).append("\"><head><meta charset=\"utf-8\">")
                    .append("<title>").append(escape(subject)).append("</title></head>\n")
                    .append("<body style=\"font-family:sans-serif\">\n<p>").append(htmlOpening).append("</p>\n");
            if (!fields.isEmpty()) {
                body.append("<table style=\"border-collapse:collapse\">\n<caption style=\"text-align:left\">")
                        .append(DETAILS.get(language)).append("</caption>\n");
                fields.forEach((name, value) -> body.append("<tr><th style=\"text-align:left;padding:2px 12px 2px 0\">")
                        .append(escape(labels.getOrDefault(name, name))).append("</th><td>").append(escape(value))
                        .append("</td></tr>\n"));
                body.append("</table>\n");
            }
            html = body.append("<p style=\"color:#666\">").append(htmlFooter).append("</p>\n</body></html>\n")
                    .toString();
        }
        return new Rendered(subject, text, html);
    }

    private static KeyTemplate parse(String template) {
        return KeyTemplate.parse("template", template);
    }

    /** A subject on one line: line breaks and other control characters become spaces. */
    private static String subjectLine(String subject) {
        StringBuilder line = new StringBuilder(subject.length());
        subject.codePoints().forEach(c -> line.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        String result = line.toString().strip();
        return result.length() > EmailSettings.MAX_SUBJECT * 2 ? result.substring(0, EmailSettings.MAX_SUBJECT * 2)
                : result;
    }

    /** Text as HTML shows it. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
