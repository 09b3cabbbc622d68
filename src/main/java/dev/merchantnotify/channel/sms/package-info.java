/**
 * The {@code sms} channel: a destination is phone numbers (E.164, valid in their country's numbering plan), a
 * provider the platform has an account at ({@link dev.merchantnotify.channel.sms.SmsDeployment}, {@code notify.sms.*}),
 * and templates by event: registered ones with parameters for Aliyun and Tencent Cloud, texts for Twilio and SMPP
 * (else a built-in sentence in the destination's language). Each attempt reserves its messages against the account's daily
 * cap in Redis ({@link dev.merchantnotify.channel.sms.DailyCap}), renders the message and sends it through the
 * provider's HTTP API with that provider's own request signing ({@link dev.merchantnotify.channel.sms.AliyunSms},
 * {@link dev.merchantnotify.channel.sms.TencentSms}, {@link dev.merchantnotify.channel.sms.TwilioSms}) on an
 * asynchronous client whose hosts the outbound guard judges ({@link dev.merchantnotify.channel.sms.ProviderHttp}),
 * or over SMPP to a carrier's SMSC ({@link dev.merchantnotify.channel.sms.SmppGateway}).
 * The provider's acceptance is the attempt's success, its references per number the provider reference; its codes
 * are the shared failure kinds ({@link dev.merchantnotify.channel.sms.SmsResults}): a rate limit {@code throttled},
 * an invalid number {@code invalid_recipient}, refused keys {@code auth}, an unknown template or signature
 * {@code not_found}, a reached cap {@code daily_cap}.
 */
package dev.merchantnotify.channel.sms;
