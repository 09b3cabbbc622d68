/**
 * Platform: what every capability stands on.
 *
 * <ul>
 *   <li>{@link dev.merchantnotify.platform.RedisConnection}: the node's pooled Jedis client, to the embedded
 *       {@code redis-server} (default; data with AOF under {@code notify.platform.data-dir}/redis) or to
 *       {@code REDIS_URL}.</li>
 *   <li>{@link dev.merchantnotify.platform.StartupReport}: validates {@code DB_TYPE} and logs which database and which
 *       Redis the node uses, and where.</li>
 *   <li>The API envelope {@link dev.merchantnotify.platform.ApiResponse} ({@code {"code","msg","data"}}), the
 *       exception mapper that guarantees it (and that no stack trace reaches a client), and snake_case JSON.</li>
 *   <li>The {@link java.time.Clock} every time decision uses.</li>
 * </ul>
 * The dataSource ({@code jdbc/merchantNotify}) and users are server resources, defined in {@code server.xml} and
 * {@code datasource/h2.xml} or {@code datasource/postgres.xml} (chosen by {@code DB_TYPE}).
 */
package dev.merchantnotify.platform;
