package dev.merchantnotify.channel.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.merchantnotify.channel.Attempt;
import dev.merchantnotify.channel.KeyTemplate;
import dev.merchantnotify.channel.Target;
import dev.merchantnotify.deliverylog.DeliveryFormat;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmailTemplatesTest {

    private static Attempt attempt(String event, String payload) {
        return new Attempt(42, "BY-7", event, payload, 1, Instant.EPOCH,
                new Target("0123456789abcdef", "email", "mailto:x", DeliveryFormat.JSON, null));
    }

    private static EmailSettings.Parsed destination(EmailSettings.Format format,
                                                    Map<String, EmailSettings.Template> templates) {
        return new EmailSettings.Parsed(List.of("a@shop.example"), null, format, templates, null, null);
    }

    @Test
    void theBuiltInTemplatesSpeakEachLanguageAndListThePayload() {
        Attempt paid = attempt("order.paid", "{\"order_no\":\"BY-7\",\"amount\":\"9.90\",\"items\":[1],\"shop\":\"s1\"}");
        EmailTemplates.Rendered zh = EmailTemplates.render(paid, destination(EmailSettings.Format.BOTH, Map.of()), "zh");
        assertEquals("订单 BY-7 已支付", zh.subject());
        assertTrue(zh.text().startsWith("订单 BY-7 已支付成功。\n\n详情:\n  订单号: BY-7\n  金额: 9.90\n  shop: s1\n"),
                zh.text());
        assertTrue(zh.text().endsWith("通知编号 42，由 Merchant Notify 发送。\n"), zh.text());
        assertTrue(zh.html().contains("<html lang=\"zh\">") && zh.html().contains("<th style=\"text-align:left;"
                + "padding:2px 12px 2px 0\">金额</th><td>9.90</td>"), zh.html());

        EmailTemplates.Rendered en = EmailTemplates.render(attempt("refund.partial", "{}"),
                destination(EmailSettings.Format.TEXT, Map.of()), "en");
        assertEquals("refund.partial: order BY-7", en.subject());
        assertEquals("Order BY-7 has a new event: refund.partial.\n\nNotification 42, sent by Merchant Notify.\n",
                en.text());
        assertNull(en.html());
    }

    @Test
    void aDestinationsOwnTemplateTakesItsEventOrEveryOther() {
        EmailSettings.Template paid = new EmailSettings.Template(KeyTemplate.parse("s", "Paid\r\n{order_no}"), null,
                KeyTemplate.parse("h", "<p>{payload.note}</p>"));
        EmailSettings.Template others = new EmailSettings.Template(KeyTemplate.parse("s", "{event}"),
                KeyTemplate.parse("t", "{order_no} {payload.note}"), null);
        EmailSettings.Parsed destination = destination(EmailSettings.Format.BOTH, Map.of("order.paid", paid,
                "*", others));
        EmailTemplates.Rendered own = EmailTemplates.render(attempt("order.paid", "{\"note\":\"<script>\"}"),
                destination, "zh");
        assertEquals("Paid  BY-7", own.subject());
        assertNull(own.text());
        assertEquals("<p>&lt;script&gt;</p>", own.html());
        EmailTemplates.Rendered other = EmailTemplates.render(attempt("order.closed", "{\"note\":\"<x>\"}"),
                destination, "zh");
        assertEquals("order.closed", other.subject());
        assertEquals("BY-7 <x>", other.text());
        assertNull(other.html());
    }
}
