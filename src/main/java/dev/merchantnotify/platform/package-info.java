/**
 * Platform: what every capability stands on.
 *
 * <ul>
 *   <li>{@link dev.merchantnotify.platform.RedisConnection}: the node's pooled Jedis client (every bean injects it as
 *       {@code UnifiedJedis}), to the embedded {@code redis-server} (default; data with AOF under
 *       {@code notify.platform.data-dir}/redis), to {@code REDIS_URL}, or to the master the Sentinels of
 *       {@code REDIS_SENTINELS} name, followed across their failovers.</li>
 *   <li>{@link dev.merchantnotify.platform.StartupReport}: validates {@code DB_TYPE} and logs which database and which
 *       Redis the node uses, and where.</li>
 *   <li>{@link dev.merchantnotify.platform.RestApplication}: the WAR's one JAX-RS application; the producers' API
 *       ({@code /api/...}) and the operators' ({@code /admin/...}) are its resources, each role set in web.xml.</li>
 *   <li>The API envelope {@link dev.merchantnotify.platform.ApiResponse} ({@code {"code","msg","data"}}), the
 *       exception mapper that guarantees it (and that no stack trace reaches a client), the container's error pages
 *       in the same envelope ({@link dev.merchantnotify.platform.ErrorPages}: 400, 401, 403 before a request reaches
 *       an API), snake_case JSON, JSON request bodies read with limits and per-field messages
 *       ({@link dev.merchantnotify.platform.JsonBody}: at most 64 levels deep, strict UTF-8 only, no control
 *       characters in the string fields it reads), query parameters without control characters
 *       ({@link dev.merchantnotify.platform.QueryParameterCheck}), and paging ({@link dev.merchantnotify.platform.PageRequest},
 *       {@link dev.merchantnotify.platform.Page}).</li>
 *   <li>The {@link java.time.Clock} every time decision uses.</li>
 * </ul>
 * The dataSource ({@code jdbc/merchantNotify}) and users are server resources, defined in {@code server.xml} and
 * {@code datasource/h2.xml} or {@code datasource/postgres.xml} (chosen by {@code DB_TYPE}).
 */
package dev.merchantnotify.platform;
