package dev.merchantnotify.channel.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.merchantnotify.deliverylog.DeliveryFormat;
import org.junit.jupiter.api.Test;

class SuccessRuleTest {

    @Test
    void formNeedsA2xxWhoseTrimmedBodyIsSuccessInAnyCase() {
        assertTrue(SuccessRule.acknowledges(DeliveryFormat.FORM, 200, "success"));
        assertTrue(SuccessRule.acknowledges(DeliveryFormat.FORM, 200, " SUCCESS\n"));
        assertTrue(SuccessRule.acknowledges(DeliveryFormat.FORM, 201, "\tSuccess\r\n"));
        assertTrue(SuccessRule.acknowledges(DeliveryFormat.FORM, 200, "\uFEFFsuccess"));
    }

    @Test
    void formRejectsOtherBodies() {
        assertFalse(SuccessRule.acknowledges(DeliveryFormat.FORM, 200, "fail"));
        assertFalse(SuccessRule.acknowledges(DeliveryFormat.FORM, 200, ""));
        assertFalse(SuccessRule.acknowledges(DeliveryFormat.FORM, 200, null));
        assertFalse(SuccessRule.acknowledges(DeliveryFormat.FORM, 200, "success!"));
        assertFalse(SuccessRule.acknowledges(DeliveryFormat.FORM, 200, "{\"result\":\"success\"}"));
    }

    @Test
    void formRejectsSuccessBodyOnNon2xx() {
        assertFalse(SuccessRule.acknowledges(DeliveryFormat.FORM, 500, "success"));
        assertFalse(SuccessRule.acknowledges(DeliveryFormat.FORM, 302, "success"));
    }

    @Test
    void jsonNeedsAny2xx() {
        assertTrue(SuccessRule.acknowledges(DeliveryFormat.JSON, 200, "{}"));
        assertTrue(SuccessRule.acknowledges(DeliveryFormat.JSON, 204, ""));
        assertFalse(SuccessRule.acknowledges(DeliveryFormat.JSON, 400, "success"));
        assertFalse(SuccessRule.acknowledges(DeliveryFormat.JSON, 301, ""));
    }
}
