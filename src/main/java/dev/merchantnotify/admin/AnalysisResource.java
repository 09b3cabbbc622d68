package dev.merchantnotify.admin;

import dev.merchantnotify.analysis.AnalysisCsv;
import dev.merchantnotify.analysis.AnalysisQuery;
import dev.merchantnotify.analysis.AnalysisReport;
import dev.merchantnotify.analysis.Dimension;
import dev.merchantnotify.analysis.Granularity;
import dev.merchantnotify.analysis.Ranking;
import dev.merchantnotify.operator.OperatorQueries;
import dev.merchantnotify.platform.ApiException;
import dev.merchantnotify.platform.ApiResponse;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Delivery analysis under {@code /admin/merchant-notify/analysis}: measures over time, broken down and filtered by
 * dimension, and top-N rankings, all read from the rollups ({@link dev.merchantnotify.analysis.Analysis}). This class
 * reads and checks the parameters; a wrong one is a 400 naming it.
 */
@Path("admin/merchant-notify/analysis")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Analysis", description = "Success, response time and failure reasons by any dimension (role admin)")
@APIResponse(responseCode = "400", description = "A parameter is invalid; msg names it and why")
@APIResponse(responseCode = "401", description = "No or wrong credentials")
@APIResponse(responseCode = "403", description = "The user lacks the role admin")
public class AnalysisResource {

    static final int DEFAULT_GROUPS = 10;
    static final int DEFAULT_MIN_ATTEMPTS = 20;
    private static final int MAX_VALUE_LENGTH = 64;
    private static final String DIMENSIONS = Arrays.stream(Dimension.values()).map(Dimension::apiName)
            .collect(Collectors.joining(", "));
    private static final String RANKS = Arrays.stream(Ranking.By.values()).map(Ranking.By::apiName)
            .collect(Collectors.joining(", "));

    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final String CSV = "text/csv";

    @Inject
    OperatorQueries queries;

    @Inject
    Clock clock;

    @GET
    @Operation(summary = "Delivery analysis", description = "The attempts made in the range, in buckets of the "
            + "granularity in the time zone: attempts, notifications (first attempts), successes, errors, "
            + "success_rate, first_attempt_success_rate, retry_rate (% of attempts that were retries), error_rate "
            + "(% with no usable answer), avg_response_ms, p50_ms, p95_ms, p99_ms, max_response_ms; in total and, "
            + "with group_by, for each of the busiest groups. Filters on every dimension (comma-separated values: "
            + "any of them). Read from rollups kept as attempts are recorded, so any range answers quickly and "
            + "cleanup does not change it.")
    @APIResponse(responseCode = "200", description = "from, to, granularity, time_zone, group_by, filters, total, "
            + "groups; each series has key, measures and buckets (start, measures). With format=csv: text/csv, a line "
            + "per bucket of the total and of each group (start, group, the measures)")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    public Response analysis(
            @Parameter(description = "A date or a date-time, in time_zone unless it has an offset; 7 days before "
                    + "end_time by default", example = "2026-12-01") @QueryParam("start_time") String start,
            @Parameter(description = "A date (that day included) or a date-time; now by default",
                    example = "2026-12-07") @QueryParam("end_time") String end,
            @Parameter(description = "minute, hour, day, week (from Monday) or month; by default by the range: "
                    + "minute up to 6 h, hour up to 8 days, day up to 400 days, week up to 5 years, else month",
                    example = "day") @QueryParam("granularity") String granularity,
            @Parameter(description = "An IANA time zone or an offset; UTC by default", example = "Asia/Shanghai")
            @QueryParam("time_zone") String zone,
            @Parameter(description = "merchant, destination, channel, event, failure_kind or status",
                    example = "channel") @QueryParam("group_by") String groupBy,
            @Parameter(description = "With group_by: how many groups, the busiest first (1 to 100, 10 by default)")
            @QueryParam("limit") String limit,
            @Parameter(description = "Only these merchants (merchant_no, or the merchant key of a notification with "
                    + "a notify_url only)") @QueryParam("merchant") String merchant,
            @Parameter(description = "Only these destination keys") @QueryParam("destination") String destination,
            @Parameter(description = "Only these channels (http, rabbitmq, kafka, websocket, email, sms)")
            @QueryParam("channel") String channel,
            @Parameter(description = "Only these events") @QueryParam("event") String event,
            @Parameter(description = "Only these failure kinds (none: successes)") @QueryParam("failure_kind")
            String failureKind,
            @Parameter(description = "Only these HTTP statuses (0: none)") @QueryParam("status") String status,
            @Parameter(description = "json (default) or csv") @QueryParam("format") String format) {
        boolean csv = format != null && !format.isBlank() && "csv".equalsIgnoreCase(format.trim());
        if (!csv && format != null && !format.isBlank() && !"json".equalsIgnoreCase(format.trim())) {
            throw ApiException.badRequest("format must be json or csv, not " + ApiException.quote(format));
        }
        ZoneId timeZone = zone(zone);
        TimeRange range = TimeRange.parse(start, end, clock.instant(), timeZone, TimeRange.DEFAULT_SPAN);
        Granularity chosen = null;
        if (granularity != null && !granularity.isBlank()) {
            chosen = Granularity.of(granularity);
            if (chosen == null) {
                throw ApiException.badRequest("granularity must be one of minute, hour, day, week, month, not "
                        + ApiException.quote(granularity));
            }
        }
        AnalysisQuery query = new AnalysisQuery(range.from(), range.to(), chosen, timeZone,
                dimension("group_by", groupBy), filters(merchant, destination, channel, event, failureKind, status),
                number("limit", limit, DEFAULT_GROUPS, 1, 100));
        AnalysisReport report = queries.analysis(query);
        if (csv) {
            StreamingOutput body = out -> {
                Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                AnalysisCsv.write(report, writer);
                writer.flush();
            };
            return Response.ok(body, CSV + "; charset=UTF-8")
                    .header("Content-Disposition", "attachment; filename=\"analysis.csv\"").build();
        }
        return ApiResponse.ok("ok", report);
    }

    @GET
    @Path("top")
    @Operation(summary = "Top-N", description = "rank=success_rate: the merchants (or destinations, of) with the "
            + "lowest success rate, among those with at least min_attempts attempts; rank=p99: the slowest by p99 "
            + "response time; rank=failure_reasons: failure kind and HTTP status by how many attempts failed so, with "
            + "their share of the failures and of all attempts; rank=busiest: the most attempts first. Same range and "
            + "filters as the analysis.")
    @APIResponse(responseCode = "200", description = "from, to, rank, of, min_attempts, rows (key, measures) or "
            + "reasons (failure_kind, status, attempts, share_of_failures, share_of_attempts)")
    public Response top(
            @Parameter(description = "success_rate (default), p99, failure_reasons or busiest", example = "success_rate")
            @QueryParam("rank") String rank,
            @Parameter(description = "merchant (default) or destination: what success_rate, p99 and busiest rank")
            @QueryParam("of") String of,
            @Parameter(description = "Leave out merchants with fewer attempts (1 to 1000000000, 20 by default)")
            @QueryParam("min_attempts") String minAttempts,
            @Parameter(description = "How many (1 to 100, 10 by default)") @QueryParam("limit") String limit,
            @Parameter(description = "As for the analysis") @QueryParam("start_time") String start,
            @Parameter(description = "As for the analysis") @QueryParam("end_time") String end,
            @Parameter(description = "As for the analysis") @QueryParam("time_zone") String zone,
            @Parameter(description = "As for the analysis") @QueryParam("merchant") String merchant,
            @Parameter(description = "As for the analysis") @QueryParam("destination") String destination,
            @Parameter(description = "As for the analysis") @QueryParam("channel") String channel,
            @Parameter(description = "As for the analysis") @QueryParam("event") String event,
            @Parameter(description = "As for the analysis") @QueryParam("failure_kind") String failureKind,
            @Parameter(description = "As for the analysis") @QueryParam("status") String status) {
        Ranking.By by = rank == null || rank.isBlank() ? Ranking.By.SUCCESS_RATE : Ranking.By.of(rank);
        if (by == null) {
            throw ApiException.badRequest("rank must be one of " + RANKS + ", not " + ApiException.quote(rank));
        }
        Dimension ranked = of == null || of.isBlank() ? Dimension.MERCHANT : Dimension.of(of);
        if (ranked != Dimension.MERCHANT && ranked != Dimension.DESTINATION) {
            throw ApiException.badRequest("of must be merchant or destination, not " + ApiException.quote(of));
        }
        ZoneId timeZone = zone(zone);
        TimeRange range = TimeRange.parse(start, end, clock.instant(), timeZone, TimeRange.DEFAULT_SPAN);
        AnalysisQuery query = new AnalysisQuery(range.from(), range.to(), Granularity.HOUR, timeZone, ranked,
                filters(merchant, destination, channel, event, failureKind, status),
                number("limit", limit, DEFAULT_GROUPS, 1, 100));
        return ApiResponse.ok("ok", queries.ranking(query, by,
                number("min_attempts", minAttempts, DEFAULT_MIN_ATTEMPTS, 1, 1_000_000_000)));
    }

    @GET
    @Path("forecast")
    @Operation(summary = "Forecast", description = "The next 24 hours of the platform (or of one merchant): "
            + "notifications per hour, success rate and p95 response time, each with its 95 % prediction band, from a "
            + "Holt-Winters model with daily and (given two weeks) weekly seasonality fitted to the last "
            + "notify.analysis.forecast-history-days of hourly rollups; with the last recent_hours actual hours. "
            + "404 without two days of history.")
    @APIResponse(responseCode = "200", description = "merchant, from, history_hours, time_zone, measures (measure, "
            + "weekly, sigma, recent: start and value, forecast: start, forecast, lower, upper)")
    @APIResponse(responseCode = "404", description = "Not two days of history to forecast from")
    public Response forecast(
            @Parameter(description = "A merchant (merchant_no, or a merchant key); the whole platform by default")
            @QueryParam("merchant") String merchant,
            @Parameter(description = "As for the analysis") @QueryParam("time_zone") String zone,
            @Parameter(description = "How many past hours to show with it (0 to 672, 48 by default)")
            @QueryParam("recent_hours") String recentHours) {
        if (merchant != null && (merchant.isBlank() || merchant.length() > MAX_VALUE_LENGTH)) {
            throw ApiException.badRequest("merchant must be 1 to " + MAX_VALUE_LENGTH + " characters, not "
                    + ApiException.quote(merchant));
        }
        return ApiResponse.ok("ok", queries.forecast(merchant == null ? null : merchant.trim(), zone(zone),
                number("recent_hours", recentHours, 48, 0, 672)));
    }

    private static ZoneId zone(String zone) {
        if (zone == null || zone.isBlank()) {
            return UTC;
        }
        try {
            return ZoneId.of(zone.trim().replace(' ', '+'));
        } catch (DateTimeException e) {
            throw ApiException.badRequest("time_zone must be an IANA time zone (Asia/Shanghai) or an offset "
                    + "(+08:00), not " + ApiException.quote(zone));
        }
    }

    private static Dimension dimension(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Dimension dimension = Dimension.of(value);
        if (dimension == null) {
            throw ApiException.badRequest(name + " must be one of " + DIMENSIONS + ", not " + ApiException.quote(value));
        }
        return dimension;
    }

    private static Map<Dimension, List<String>> filters(String merchant, String destination, String channel,
                                                        String event, String failureKind, String status) {
        Map<Dimension, List<String>> filters = new EnumMap<>(Dimension.class);
        String[] given = {merchant, destination, channel, event, failureKind, status};
        Dimension[] dimensions = {Dimension.MERCHANT, Dimension.DESTINATION, Dimension.CHANNEL, Dimension.EVENT,
            Dimension.FAILURE_KIND, Dimension.STATUS};
        for (int i = 0; i < given.length; i++) {
            if (given[i] == null || given[i].isBlank()) {
                continue;
            }
            List<String> values = new ArrayList<>();
            for (String value : given[i].split(",", -1)) {
                String trimmed = value.trim();
                String name = dimensions[i].apiName();
                if (trimmed.isEmpty() || trimmed.length() > MAX_VALUE_LENGTH) {
                    throw ApiException.badRequest(name + " must list values of 1 to " + MAX_VALUE_LENGTH
                            + " characters, separated by commas, not " + ApiException.quote(given[i]));
                }
                if (dimensions[i] == Dimension.STATUS && !trimmed.matches("\\d{1,3}")) {
                    throw ApiException.badRequest("status must list HTTP statuses (0 to 999), not "
                            + ApiException.quote(trimmed));
                }
                values.add(trimmed);
            }
            filters.put(dimensions[i], values);
        }
        return filters;
    }

    private static int number(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiException.badRequest(name + " must be a whole number from " + min + " to " + max + ", not "
                + ApiException.quote(value));
    }
}
