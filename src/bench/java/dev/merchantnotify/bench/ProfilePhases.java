package dev.merchantnotify.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the server's CPU and allocation go, by phase of a notification's life, from a flight recording made with
 * the JDK's {@code profile} settings: execution samples ({@code jdk.ExecutionSample}) and allocation (each new TLAB and
 * each allocation outside one, by its size; else the throttled {@code jdk.ObjectAllocationSample}s by their weight)
 * are given to the phase of the
 * innermost application frame that names one (a database or Redis call is charged to the phase that made it); a
 * stack without one goes by the library it runs in (Jetty's client, Liberty's HTTP server, H2's background writer).
 * Also the share of each library at the top of the stack (where the CPU is actually spent).
 * <p>
 * The benchmark writes this per scenario with {@code -Dbench.profile=true}; it also runs on any recording:
 * {@code java -cp target/test-classes dev.merchantnotify.bench.ProfilePhases server.jfr}.
 */
final class ProfilePhases {

    static final String INGEST = "ingest (batch API, insert, queue push)";
    static final String CLAIM = "claim (Redis script, lease)";
    static final String LOAD = "load (rows, routes)";
    static final String ADMIT = "admit (lanes, breakers, pauses)";
    static final String SEND = "send (channel, request, answer)";
    static final String RECORD = "record (attempts, status, settle)";
    static final String HEALTH = "merchant health (Redis)";
    static final String ROLLUPS = "analysis rollups";
    static final String UPKEEP = "retries and upkeep";
    static final String HTTP_CLIENT = "HTTP client I/O (Jetty, no application frame)";
    static final String HTTP_SERVER = "Liberty's HTTP server (no application frame)";
    static final String H2_BACKGROUND = "H2 background (page writer)";
    static final String OTHER = "other (JVM, Liberty, idle pools)";

    private static final String APP = "dev.merchantnotify.";

    /** Application classes (and, where one class serves two phases, methods) and their phase, most specific first. */
    private static final List<String[]> RULES = List.of(
            new String[] {"ingest.", INGEST},
            new String[] {"queue.IngestPush", INGEST},
            new String[] {"deliverylog.DeliveryRows.load", LOAD},
            new String[] {"dispatch.RouteChooser", LOAD},
            new String[] {"deliverylog.AnalysisDeltas", ROLLUPS},
            new String[] {"analysis.", ROLLUPS},
            new String[] {"deliverylog.LogCleanup", UPKEEP},
            new String[] {"merchant.", HEALTH},
            new String[] {"dispatch.Claims", CLAIM},
            new String[] {"dispatch.DispatchPoller", CLAIM},
            new String[] {"dispatch.Gate", ADMIT},
            new String[] {"dispatch.Lane", ADMIT},
            new String[] {"channel.", SEND},
            new String[] {"dispatch.DeliveryTask", SEND},
            new String[] {"dispatch.OutcomeRecorder", RECORD},
            new String[] {"dispatch.RecordWorker", RECORD},
            new String[] {"dispatch.OutcomesRecorded", RECORD},
            new String[] {"dispatch.DeliveryOutcome", RECORD},
            new String[] {"dispatch.RouteStep", RECORD},
            new String[] {"queue.Settlement", RECORD});

    /** For a stack none of {@link #RULES} names: the packages' own phase, again innermost first. */
    private static final List<String[]> PACKAGES = List.of(
            new String[] {"dispatch.", UPKEEP},
            new String[] {"deliverylog.", RECORD});

    /** Libraries, by the package of the frame at the top of the stack. */
    private static final Map<String, String> LIBRARIES = new LinkedHashMap<>();

    static {
        LIBRARIES.put("org.h2.", "H2");
        LIBRARIES.put("org.postgresql.", "PostgreSQL driver");
        LIBRARIES.put("redis.clients.", "Jedis");
        LIBRARIES.put("org.eclipse.jetty.", "Jetty client");
        LIBRARIES.put("org.eclipse.persistence.", "EclipseLink");
        LIBRARIES.put("com.ibm.", "Liberty");
        LIBRARIES.put("org.apache.", "Liberty's bundled Apache libraries");
        LIBRARIES.put("org.eclipse.parsson.", "JSON-P (Parsson)");
        LIBRARIES.put(APP, "Merchant Notify");
        LIBRARIES.put("java.", "JDK");
        LIBRARIES.put("javax.", "JDK");
        LIBRARIES.put("jdk.", "JDK");
        LIBRARIES.put("sun.", "JDK");
        LIBRARIES.put("com.sun.", "JDK");
    }

    /** The shares found in one recording. */
    record Profile(Map<String, Double> cpuByPhase, Map<String, Double> allocationByPhase, Map<String, Double> cpuByLibrary,
                   long executionSamples, double allocationSampledBytes) {

        /** A Markdown table of both shares by phase, then the libraries. */
        String markdown(String title) {
            StringBuilder md = new StringBuilder("#### ").append(title).append("\n\n")
                    .append(String.format(Locale.ROOT, "%,d execution samples, %,.0f MB of allocation recorded%n%n",
                            executionSamples, allocationSampledBytes / 1e6))
                    .append("| phase | CPU (execution samples) | allocation |\n|---|---:|---:|\n");
            for (String phase : List.of(INGEST, CLAIM, LOAD, ADMIT, SEND, HTTP_CLIENT, RECORD, HEALTH, ROLLUPS, UPKEEP,
                    HTTP_SERVER, H2_BACKGROUND, OTHER)) {
                md.append("| ").append(phase).append(" | ").append(percent(cpuByPhase, phase)).append(" | ")
                        .append(percent(allocationByPhase, phase)).append(" |\n");
            }
            md.append("\n| library at the top of the stack | CPU |\n|---|---:|\n");
            cpuByLibrary.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .forEach(e -> md.append("| ").append(e.getKey()).append(" | ").append(percent(cpuByLibrary, e.getKey()))
                            .append(" |\n"));
            return md.toString();
        }

        private static String percent(Map<String, Double> shares, String key) {
            double total = shares.values().stream().mapToDouble(Double::doubleValue).sum();
            Double value = shares.get(key);
            return value == null || total == 0 ? "–" : String.format(Locale.ROOT, "%.1f %%", 100 * value / total);
        }
    }

    private ProfilePhases() {
    }

    static Profile read(Path recording) throws IOException {
        Map<String, Double> cpu = new LinkedHashMap<>();
        Map<String, Double> allocation = new LinkedHashMap<>();
        Map<String, Double> libraries = new LinkedHashMap<>();
        Map<String, Double> throttled = new LinkedHashMap<>();
        long samples = 0;
        double sampledBytes = 0;
        double throttledBytes = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                String type = event.getEventType().getName();
                if (event.getStackTrace() == null) {
                    continue;
                }
                if ("jdk.ExecutionSample".equals(type)) {
                    samples++;
                    cpu.merge(phase(event.getStackTrace()), 1.0, Double::sum);
                    libraries.merge(library(event.getStackTrace()), 1.0, Double::sum);
                } else if ("jdk.ObjectAllocationInNewTLAB".equals(type)
                        || "jdk.ObjectAllocationOutsideTLAB".equals(type)) {
                    double bytes = event.getLong("jdk.ObjectAllocationInNewTLAB".equals(type) ? "tlabSize"
                            : "allocationSize");
                    sampledBytes += bytes;
                    allocation.merge(phase(event.getStackTrace()), bytes, Double::sum);
                } else if ("jdk.ObjectAllocationSample".equals(type)) {
                    double weight = event.getLong("weight");
                    throttledBytes += weight;
                    throttled.merge(phase(event.getStackTrace()), weight, Double::sum);
                }
            }
        }
        // Throttled samples only where the recording has no TLAB events (a recording made with plain 'profile').
        return allocation.isEmpty() ? new Profile(cpu, throttled, libraries, samples, throttledBytes)
                : new Profile(cpu, allocation, libraries, samples, sampledBytes);
    }

    /** The phase of the innermost application frame that names one, else of the library the stack runs in. */
    static String phase(RecordedStackTrace stack) {
        List<String> frames = new ArrayList<>();
        for (RecordedFrame frame : stack.getFrames()) {
            if (frame.isJavaFrame() && frame.getMethod() != null) {
                frames.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
            }
        }
        return phase(frames);
    }

    /** {@code frames}: class and method names, innermost first. */
    static String phase(List<String> frames) {
        for (List<String[]> rules : List.of(RULES, PACKAGES)) {
            for (String frame : frames) {
                if (frame.startsWith(APP)) {
                    String name = frame.substring(APP.length());
                    for (String[] rule : rules) {
                        if (name.startsWith(rule[0])) {
                            return rule[1];
                        }
                    }
                }
            }
        }
        // No application frame: a truncated stack (JFR keeps 64 frames), or the libraries' own threads.
        for (String frame : frames) {
            if (frame.startsWith("org.eclipse.jetty.client.") || frame.startsWith("org.eclipse.jetty.io.")) {
                return HTTP_CLIENT;
            }
            if (frame.startsWith("org.h2.mvstore.")) {
                return H2_BACKGROUND;
            }
            if (frame.startsWith("com.ibm.ws.http.") || frame.startsWith("com.ibm.ws.tcpchannel.")
                    || frame.startsWith("com.ibm.io.")) {
                return HTTP_SERVER;
            }
        }
        return OTHER;
    }

    private static String library(RecordedStackTrace stack) {
        List<RecordedFrame> frames = stack.getFrames();
        String top = frames.isEmpty() || frames.get(0).getMethod() == null ? ""
                : frames.get(0).getMethod().getType().getName();
        for (Map.Entry<String, String> library : LIBRARIES.entrySet()) {
            if (top.startsWith(library.getKey())) {
                return library.getValue();
            }
        }
        return "other";
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: ProfilePhases recording.jfr …");
            System.exit(2);
        }
        for (String path : args) {
            System.out.println(read(Path.of(path)).markdown(path));
        }
    }
}
