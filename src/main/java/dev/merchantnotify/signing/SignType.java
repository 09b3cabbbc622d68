package dev.merchantnotify.signing;

import java.util.Arrays;
import java.util.Optional;

/**
 * How a {@code form} delivery is signed ({@link FormSignature}). {@code json} deliveries are always signed the Standard
 * Webhooks way ({@link WebhookSignature}), whatever the merchant's sign type.
 */
public enum SignType {
    /** The epay convention: MD5 of the sorted fields with the secret appended; lower-case hex. */
    MD5("MD5"),
    /** The same string, HMAC-SHA256 with the secret as key; lower-case hex. */
    HMAC_SHA256("HMAC-SHA256");

    private final String apiName;

    SignType(String apiName) {
        this.apiName = apiName;
    }

    /** As sent in {@code sign_type} and shown in the API. */
    public String apiName() {
        return apiName;
    }

    public static Optional<SignType> fromApiName(String name) {
        return Arrays.stream(values()).filter(type -> type.apiName.equalsIgnoreCase(name)).findFirst();
    }
}
