package dev.merchantnotify.channel.http;

import java.net.URI;
import java.util.Map;

/**
 * The request a merchant receives for one attempt, independent of the HTTP client that sends it.
 *
 * @param headers the contract's headers in order ({@code Content-Type} included); names as sent
 */
record HttpRequest(URI uri, Map<String, String> headers, String body) {

    String header(String name) {
        return headers.get(name);
    }
}
