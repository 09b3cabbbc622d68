/**
 * Signing: merchants' secrets and the signatures that let a merchant prove a notification came from us.
 *
 * <p>A merchant (by {@code merchant_key}) may have one secret, set by an operator
 * ({@code POST /admin/merchant-notify/merchant-secret}): generated ({@code whsec_} and 32 random bytes in Base64) or
 * supplied, shown once in that answer, never logged (the audit record and the API show its last four characters),
 * stored encrypted ({@code dev.merchantnotify.security.SecretCipher}) in table {@code merchant_secret}
 * ({@link dev.merchantnotify.signing.MerchantSecret}, migration V4). Rotating keeps the previous secret valid for
 * {@code notify.signing.rotation-grace-hours} (or the operator's {@code grace_hours}), and both signatures are sent
 * meanwhile.
 *
 * <p>Signatures: {@code json} deliveries carry Standard Webhooks headers ({@link dev.merchantnotify.signing.WebhookSignature}:
 * {@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>},
 * one entry per valid secret); {@code form} deliveries carry {@code sign} and {@code sign_type} computed the epay way,
 * MD5 or HMAC-SHA256 ({@link dev.merchantnotify.signing.FormSignature}), and during a rotation the previous secret's
 * sign in {@code X-Notify-Previous-Sign}.
 *
 * <p>Decision: the decrypted secrets live in each node's memory ({@link dev.merchantnotify.signing.MerchantSecrets}),
 * read again every {@code notify.signing.refresh-seconds}: signing a delivery costs no query and no decryption, and
 * another node picks up a change within that period.
 */
package dev.merchantnotify.signing;
