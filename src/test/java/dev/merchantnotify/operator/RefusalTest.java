package dev.merchantnotify.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.merchantnotify.platform.ClientText;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every refusal has its text in English and Chinese, and the English one is the admin API's text as before. */
class RefusalTest {

    private static Set<String> keys(String file) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = RefusalTest.class.getResourceAsStream(file)) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return new TreeSet<>(properties.stringPropertyNames());
    }

    @Test
    void everyReasonHasItsTextInBothLanguages() throws IOException {
        Set<String> reasons = Arrays.stream(Refusal.Reason.values()).map(Refusal.Reason::key)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(reasons, keys("refusals.properties"));
        assertEquals(reasons, keys("refusals_zh.properties"));
    }

    @Test
    void theEnglishTextIsTheAdminApisAndTheChineseOneIsChinese() {
        Refusal merchant = new Refusal(Refusal.Reason.UNKNOWN_MERCHANT, ClientText.quote("http://shop.example/n"),
                "27718a914320e417");
        assertEquals("no merchant with notify_url \"http://shop.example/n\" (merchant_key 27718a914320e417): no "
                + "notification was ever accepted for it", merchant.getMessage());
        assertEquals(merchant.getMessage(), merchant.text(Locale.ENGLISH));
        String chinese = merchant.text(Locale.SIMPLIFIED_CHINESE);
        assertTrue(chinese.startsWith("没有 notify_url 为 \"http://shop.example/n\" 的商户"), chinese);
        assertNotEquals(merchant.getMessage(), merchant.text(Locale.CHINESE));

        assertEquals("no notification with order_id 12345",
                new Refusal(Refusal.Reason.UNKNOWN_NOTIFICATION, String.valueOf(12345L)).getMessage());
        assertEquals("no notification with order_no \"A'1\" and event \"order.paid\"",
                new Refusal(Refusal.Reason.UNKNOWN_ORDER_EVENT, ClientText.quote("A'1"), ClientText.quote("order.paid"))
                        .getMessage());
        // A language without texts falls back to English, whatever the JVM's default locale.
        assertEquals("the merchant with notify_url \"x\" has no signing secret",
                new Refusal(Refusal.Reason.NO_SIGNING_SECRET, ClientText.quote("x")).text(Locale.GERMAN));
    }
}
