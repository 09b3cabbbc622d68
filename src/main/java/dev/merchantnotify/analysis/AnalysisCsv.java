package dev.merchantnotify.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * An {@link AnalysisReport} as CSV (RFC 4180, a header line): one line per bucket of the total and of each group, with
 * the bucket's start (ISO-8601 with the time zone's offset), the group (empty for the total) and every measure;
 * an empty measure is an empty field.
 */
public final class AnalysisCsv {

    /** The header's column names, the API's names for the same things. */
    public static final String[] HEADER = {"start", "group", "attempts", "notifications", "successes", "errors",
            "success_rate", "first_attempt_success_rate", "retry_rate", "error_rate", "avg_response_ms", "p50_ms",
            "p95_ms", "p99_ms", "max_response_ms"};

    private AnalysisCsv() {
    }

    /** Writes {@code report} to {@code out}; when grouped, the second column is named after the dimension. */
    public static void write(AnalysisReport report, Writer out) {
        String[] header = HEADER.clone();
        if (report.groupBy() != null) {
            header[1] = report.groupBy();
        }
        try (CSVPrinter csv = CSVFormat.RFC4180.builder().setHeader(header).get().print(out)) {
            series(csv, report.total(), "");
            for (AnalysisReport.Series group : report.groups()) {
                series(csv, group, group.key());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void series(CSVPrinter csv, AnalysisReport.Series series, String group) throws IOException {
        for (AnalysisReport.Bucket bucket : series.buckets()) {
            Measures m = bucket.measures();
            csv.printRecord(bucket.start().toString(), group, m.attempts(), m.notifications(), m.successes(),
                    m.errors(), plain(m.successRate()), plain(m.firstAttemptSuccessRate()), plain(m.retryRate()),
                    plain(m.errorRate()), m.avgResponseMs(), m.p50Ms(), m.p95Ms(), m.p99Ms(), m.maxResponseMs());
        }
    }

    private static String plain(BigDecimal rate) {
        return rate == null ? null : rate.toPlainString();
    }
}
