package dev.merchantnotify.channel.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.merchantnotify.channel.CheckedSettings;
import dev.merchantnotify.channel.InvalidSetting;
import dev.merchantnotify.channel.InvalidSetting.Problem;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmsSettingsTest {

    private static final EnumSet<SmsSettings.Provider> ALL = EnumSet.of(SmsSettings.Provider.ALIYUN,
            SmsSettings.Provider.TENCENT, SmsSettings.Provider.TWILIO);

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text.replace('\'', '"'))).readObject();
    }

    private static InvalidSetting refused(String settings) {
        return assertThrows(InvalidSetting.class, () -> SmsSettings.check(json(settings), ALL));
    }

    @Test
    void numbersAreE164AndValidInTheirCountry() {
        CheckedSettings checked = SmsSettings.check(json("{'to':'+86 138-0013-8000, +1 415 555 2671',"
                + "'provider':'Twilio'}"), ALL);
        assertEquals(List.of("+8613800138000", "+14155552671"), SmsSettings.parse(checked.plain()).to());
        assertEquals("sms:+8613800138000,+14155552671 via twilio", checked.address());
        assertEquals("settings.to[0]", refused("{'to':'13800138000','provider':'twilio'}").field());
        assertEquals(Problem.NOT_ADDRESS, refused("{'to':'+8612345','provider':'twilio'}").problem());
        assertEquals(Problem.DUPLICATE, refused("{'to':['+8613800138000','+86 13800138000'],'provider':'twilio'}")
                .problem());
    }

    @Test
    void registeredTemplatesNeedOneForEveryEventAndTheSignature() {
        SmsSettings.Parsed aliyun = SmsSettings.parse(SmsSettings.check(json("{'to':'+8613800138000','provider':"
                + "'aliyun','sign_name':'收款通知','templates':{'*':{'template_code':'SMS_1','params':{'order':"
                + "'{order_no}'}},'order.paid':{'template_code':'SMS_2'}}}"), ALL).plain());
        assertEquals("SMS_2", aliyun.templateOf("order.paid").id());
        assertEquals("SMS_1", aliyun.templateOf("order.closed").id());
        assertEquals("{order_no}", aliyun.templateOf("order.closed").named().get("order").toString());
        assertEquals("settings.templates.*", refused("{'to':'+8613800138000','provider':'aliyun','sign_name':'s',"
                + "'templates':{'order.paid':{'template_code':'SMS_2'}}}").field());
        assertEquals("settings.sign_name", refused("{'to':'+8613800138000','provider':'tencent','templates':"
                + "{'*':{'template_id':'1'}}}").field());
        assertEquals("settings.templates.*.params", refused("{'to':'+8613800138000','provider':'tencent',"
                + "'sign_name':'s','templates':{'*':{'template_id':'1','params':{'a':'b'}}}}").field());
        assertEquals("settings.templates.*.template_id", refused("{'to':'+8613800138000','provider':'twilio',"
                + "'templates':{'*':{'template_id':'1'}}}").field());
        SmsSettings.Parsed twilio = SmsSettings.parse(SmsSettings.check(json("{'to':'+8613800138000','provider':"
                + "'twilio'}"), ALL).plain());
        assertNull(twilio.templateOf("order.paid"));
    }

    @Test
    void onlyAConfiguredProvider() {
        InvalidSetting refused = assertThrows(InvalidSetting.class, () -> SmsSettings.check(json(
                "{'to':'+8613800138000','provider':'aliyun'}"), EnumSet.of(SmsSettings.Provider.TWILIO)));
        assertEquals("settings.provider", refused.field());
        assertEquals("twilio", refused.arguments()[0]);
    }
}
