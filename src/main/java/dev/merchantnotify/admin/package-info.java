/**
 * Admin: the operators' REST API under {@code /admin/merchant-notify/} (role {@code admin}, the seed's nine endpoints
 * plus {@code alerts}, {@code audit} and {@code merchant-secret}).
 *
 * <ul>
 *   <li>{@link dev.merchantnotify.admin.AdminResource}: parses and checks parameters and bodies (JSON only), calls the
 *       operator services ({@code dev.merchantnotify.operator}, the same the console uses) and answers in the
 *       {@code {"code","msg","data"}} envelope with the seed's field names; every endpoint is described for
 *       {@code /openapi}.</li>
 *   <li>{@link dev.merchantnotify.admin.TimeRange}: the {@code start_time}/{@code end_time} range of {@code stats}.</li>
 * </ul>
 */
package dev.merchantnotify.admin;
