package dev.merchantnotify.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerAllocationTest {

    @Test
    void countsOnlyTheRisesBetweenObservations() {
        // before GC 1, after, before GC 2, after, before GC 3 (forced), after
        long[] heap = {100, 40, 140, 50, 90, 30};
        assertEquals(100 + 40, ServerAllocation.risesOf(heap));
    }

    @Test
    void needsTwoObservations() {
        assertThrows(IllegalStateException.class, () -> ServerAllocation.risesOf(new long[] {5}));
    }

    /** A real recording of this JVM: what it allocated between two forced collections is found, and not much more. */
    @Test
    void findsWhatAJvmAllocatedBetweenTwoCollections(@TempDir Path dir) throws Exception {
        long chunk = 1024 * 1024;
        int chunks = 256;
        Path file = dir.resolve("gc.jfr");
        byte[][] kept = new byte[4][];
        try (Recording recording = new Recording()) {
            recording.enable("jdk.GCHeapSummary");
            recording.start();
            System.gc();
            for (int i = 0; i < chunks; i++) {
                kept[i % kept.length] = new byte[(int) chunk];
            }
            System.gc();
            recording.stop();
            recording.dump(file);
        }
        double allocated = ServerAllocation.allocated(RecordingFile.readAllEvents(file));
        assertTrue(kept[0].length > 0 && Files.size(file) > 0);
        assertTrue(allocated >= chunks * chunk * 0.95, "counted " + allocated + " bytes, allocated at least "
                + chunks * chunk);
        assertTrue(allocated <= chunks * chunk * 1.5, "counted " + allocated + " bytes for " + chunks * chunk);
    }
}
