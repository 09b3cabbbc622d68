package dev.merchantnotify.merchant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import org.junit.jupiter.api.Test;

class MerchantKeyTest {

    private static MerchantKey key(String url) {
        return MerchantKey.of(URI.create(url));
    }

    @Test
    void dropsQueryFragmentAndUserInfo() {
        assertEquals("https://shop.example:443/pay/notify",
                MerchantKey.normalise(URI.create("https://user:pw@Shop.Example/pay/notify?order=1#top")));
    }

    @Test
    void writesDefaultPortsAndEmptyPath() {
        assertEquals("http://shop.example:80/", MerchantKey.normalise(URI.create("HTTP://shop.example")));
        assertEquals("http://shop.example:8080/cb", MerchantKey.normalise(URI.create("http://shop.example:8080/cb")));
    }

    @Test
    void sameMerchantWhateverTheOrderParameters() {
        assertEquals(key("https://shop.example/notify?order=1"), key("https://SHOP.example:443/notify?order=2"));
    }

    @Test
    void differentPathsPortsOrSchemesAreDifferentMerchants() {
        assertNotEquals(key("https://shop.example/a"), key("https://shop.example/b"));
        assertNotEquals(key("https://shop.example/a"), key("https://shop.example:8443/a"));
        assertNotEquals(key("https://shop.example/a"), key("http://shop.example/a"));
    }

    @Test
    void keyIsSixteenHexDigits() {
        assertEquals(16, key("https://shop.example/notify").value().length());
        assertThrows(IllegalArgumentException.class, () -> new MerchantKey("XYZ"));
    }
}
