package dev.merchantnotify.channel.sms;

import java.util.List;
import java.util.Map;

/**
 * One SMS as a provider is asked to send it, rendered for the attempt.
 *
 * @param to             the numbers, E.164
 * @param signName       the registered signature (Aliyun, Tencent), else null
 * @param templateId     the registered template (Aliyun's TemplateCode, Tencent's TemplateId), else null
 * @param named          Aliyun's TemplateParam, rendered
 * @param positional     Tencent's TemplateParamSet, rendered
 * @param text           the text (Twilio, SMPP), else null
 * @param notificationId echoed back by the providers that take one (Aliyun's OutId, Tencent's SessionContext)
 */
record SmsMessage(List<String> to, String signName, String templateId, Map<String, String> named,
                  List<String> positional, String text, long notificationId) {
}
