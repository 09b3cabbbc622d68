package dev.merchantnotify.channel.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.merchantnotify.channel.FailureKind;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AliyunSmsTest {

    /** The worked example of Aliyun's SMS documentation (signature version 1.0, a GET of SendSms). */
    @Test
    void theSignatureOfTheDocumentedExample() {
        TreeMap<String, String> parameters = new TreeMap<>();
        parameters.put("AccessKeyId", "testId");
        parameters.put("Action", "SendSms");
        parameters.put("Format", "XML");
        parameters.put("OutId", "123");
        parameters.put("PhoneNumbers", "15300000001");
        parameters.put("RegionId", "cn-hangzhou");
        parameters.put("SignName", "阿里云短信测试专用");
        parameters.put("SignatureMethod", "HMAC-SHA1");
        parameters.put("SignatureNonce", "45e25e9b-0a6f-4070-8c85-2956eda1b466");
        parameters.put("SignatureVersion", "1.0");
        parameters.put("TemplateCode", "SMS_71390007");
        parameters.put("TemplateParam", "{\"customer\":\"test\"}");
        parameters.put("Timestamp", "2017-07-12T02:42:19Z");
        parameters.put("Version", "2017-05-25");
        assertEquals("zJDF+Lrzhj/ThnlvIToysFRq6t4=", AliyunSms.sign("GET", "testSecret", parameters));
    }

    @Test
    void numbersAndCodes() {
        assertEquals("13800138000", AliyunSms.aliyunNumber("+8613800138000"));
        assertEquals("85291234567", AliyunSms.aliyunNumber("+85291234567"));
        assertEquals(FailureKind.THROTTLED, AliyunSms.kindOf("isv.BUSINESS_LIMIT_CONTROL", 200));
        assertEquals(FailureKind.INVALID_RECIPIENT, AliyunSms.kindOf("isv.MOBILE_NUMBER_ILLEGAL", 200));
        assertEquals(FailureKind.AUTH, AliyunSms.kindOf("SignatureDoesNotMatch", 400));
        assertEquals(FailureKind.NOT_FOUND, AliyunSms.kindOf("isv.SMS_TEMPLATE_ILLEGAL", 200));
        assertEquals(FailureKind.NETWORK, AliyunSms.kindOf("isp.SYSTEM_ERROR", 200));
        assertEquals(FailureKind.REJECTED, AliyunSms.kindOf("isv.AMOUNT_NOT_ENOUGH", 200));
    }
}
