package dev.merchantnotify.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * What the server's JVM allocated on its heap during a measured phase, counted from the outside with the JDK's own
 * tools: at the start, {@code jcmd} starts a flight recording of the heap summary every collection emits (heap in
 * use before and after it; nothing else is recorded, so it costs nothing between collections) and forces a
 * collection; at the end, it forces another one and stops the recording. Allocated = the sum of every rise of the heap
 * in use from one observation to the next, in time order: between collections the heap only grows by allocation,
 * and a collection's own drop is not counted. The two forced collections bound the phase exactly (each is a full
 * collection, outside the measured CPU time).
 * <p>
 * With {@code profile}, the recording uses the JDK's {@code profile} settings instead, with every new TLAB recorded
 * (execution samples and allocation besides the heap summaries; it costs the server several per cent), is kept as {@code <label>.jfr} and summed
 * up by phase in {@code <label>-phases.md} ({@link ProfilePhases}).
 */
final class ServerAllocation {

    private static final String RECORDING = "bench-allocation";
    private static final String SETTINGS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <configuration version="2.0" label="bench-allocation" description="Heap in use before and after each GC">
              <event name="jdk.GCHeapSummary"><setting name="enabled">true</setting></event>
            </configuration>
            """;

    private final long pid;
    private final Path file;
    private final boolean profile;

    private ServerAllocation(long pid, Path file, boolean profile) {
        this.pid = pid;
        this.file = file;
        this.profile = profile;
    }

    /**
     * Starts counting in server process {@code pid} (recording to {@code dir}; {@code label} names the kept profile);
     * {@code null}, logged, if the process cannot be attached to.
     */
    static ServerAllocation start(long pid, Path dir, String label, boolean profile) {
        try {
            Files.createDirectories(dir);
            Path settings = dir.resolve("allocation.jfc");
            Files.writeString(settings, SETTINGS);
            if (profile) {
                Files.writeString(settings, profileSettings());
            }
            jcmd(pid, "JFR.start", "name=" + RECORDING, "settings=" + settings);
            jcmd(pid, "GC.run");
            return new ServerAllocation(pid, dir.resolve(profile ? label + ".jfr"
                    : "allocation-" + pid + "-" + System.nanoTime() + ".jfr"), profile);
        } catch (IOException | RuntimeException e) {
            Bench.log("allocation not counted: %s", e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The JDK's {@code profile} settings with every new TLAB and every allocation outside one recorded (each stands for
     * the bytes of its buffer or object, where it ran out: an unbiased split of allocation by stack, where the
     * throttled allocation samples give a sample's weight to whatever stack its thread happens to be in).
     */
    private static String profileSettings() throws IOException {
        String jfc = Files.readString(Path.of(System.getProperty("java.home"), "lib", "jfr", "profile.jfc"));
        return jfc.replaceAll("(<event name=\"jdk\\.ObjectAllocation(?:InNew|Outside)TLAB\">\\s*"
                + "<setting name=\"enabled\"[^>]*>)false", "$1true");
    }

    /** Stops counting: the bytes allocated since {@link #start}, or NaN (logged) if the recording could not be read. */
    double stop() {
        try {
            jcmd(pid, "GC.run");
            jcmd(pid, "JFR.stop", "name=" + RECORDING, "filename=" + file);
            double allocated = allocated(RecordingFile.readAllEvents(file));
            if (profile) {
                String name = file.getFileName().toString().replace(".jfr", "");
                Path phases = file.resolveSibling(name + "-phases.md");
                Files.writeString(phases, ProfilePhases.read(file).markdown(name));
                Bench.log("profile of %s: %s and %s", name, file, phases);
            } else {
                Files.deleteIfExists(file);
            }
            return allocated;
        } catch (IOException | RuntimeException e) {
            Bench.log("allocation not counted: %s", e.getMessage());
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    /** The sum of the rises of the heap in use between consecutive heap summaries, in time order. */
    static double allocated(List<RecordedEvent> events) {
        List<RecordedEvent> summaries = new ArrayList<>(events.stream()
                .filter(event -> "jdk.GCHeapSummary".equals(event.getEventType().getName())).toList());
        summaries.sort(Comparator.comparing(RecordedEvent::getStartTime));
        return risesOf(summaries.stream().mapToLong(event -> event.getLong("heapUsed")).toArray());
    }

    /** The sum of every rise from one value to the next (a fall, a collection, adds nothing). */
    static double risesOf(long[] heapUsed) {
        if (heapUsed.length < 2) {
            throw new IllegalStateException("the recording holds " + heapUsed.length + " heap summaries, not the two "
                    + "forced collections at least");
        }
        double allocated = 0;
        for (int i = 1; i < heapUsed.length; i++) {
            allocated += Math.max(0, heapUsed[i] - heapUsed[i - 1]);
        }
        return allocated;
    }

    private static void jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>();
        arguments.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        arguments.add(String.valueOf(pid));
        arguments.addAll(List.of(command));
        Process process = new ProcessBuilder(arguments).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || output.contains("Exception")) {
            throw new IOException("jcmd " + String.join(" ", command) + " failed: " + output.strip());
        }
    }
}
