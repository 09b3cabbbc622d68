package dev.merchantnotify.security;

import java.net.UnknownHostException;

/**
 * A notify URL's host is, or resolves only to, addresses a delivery may not go to. An {@link UnknownHostException} so
 * that an HTTP client treats it as a failed resolution: no connection is attempted.
 */
public class BlockedAddressException extends UnknownHostException {

    public BlockedAddressException(String message) {
        super(message);
    }
}
