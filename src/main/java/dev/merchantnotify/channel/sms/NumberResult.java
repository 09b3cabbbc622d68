package dev.merchantnotify.channel.sms;

import dev.merchantnotify.channel.FailureKind;

/**
 * What a provider answered for one number: accepted with its reference, or refused with its code.
 *
 * @param ref     the provider's reference for the message to this number (Aliyun's BizId, Tencent's SerialNo,
 *                Twilio's Message SID, the SMSC's message id); null when refused
 * @param failure null when accepted
 * @param code    the provider's own code ({@code OK}, {@code isv.MOBILE_NUMBER_ILLEGAL}, {@code 21211}…)
 * @param message the provider's own words, for the log
 */
record NumberResult(String number, String ref, FailureKind failure, String code, String message) {

    static NumberResult accepted(String number, String ref, String code) {
        return new NumberResult(number, ref, null, code, null);
    }

    static NumberResult refused(String number, FailureKind failure, String code, String message) {
        return new NumberResult(number, null, failure, code, message);
    }

    boolean isAccepted() {
        return failure == null;
    }
}
