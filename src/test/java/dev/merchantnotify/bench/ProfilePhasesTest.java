package dev.merchantnotify.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class ProfilePhasesTest {

    @Test
    void aDatabaseCallIsChargedToThePhaseThatMadeIt() {
        assertEquals(ProfilePhases.LOAD, ProfilePhases.phase(List.of("org.h2.mvstore.MVMap.get",
                "dev.merchantnotify.deliverylog.DeliveryRows.load", "dev.merchantnotify.dispatch.DispatchPoller.dispatch")));
        assertEquals(ProfilePhases.RECORD, ProfilePhases.phase(List.of("org.h2.mvstore.MVStore.commit",
                "dev.merchantnotify.deliverylog.DeliveryRows.record", "dev.merchantnotify.dispatch.RecordWorker.run")));
    }

    @Test
    void aSharedRowsClassIsChargedToItsCaller() {
        assertEquals(ProfilePhases.INGEST, ProfilePhases.phase(List.of("org.h2.mvstore.Page.copy",
                "dev.merchantnotify.deliverylog.DeliveryRows.insertPending", "dev.merchantnotify.ingest.IngestWriter.store")));
        assertEquals(ProfilePhases.LOAD, ProfilePhases.phase(List.of("dev.merchantnotify.deliverylog.DeliveryRows.selectByArray",
                "dev.merchantnotify.deliverylog.DeliveryRows.load", "dev.merchantnotify.dispatch.DispatchPoller.dispatch")));
        assertEquals(ProfilePhases.RECORD, ProfilePhases.phase(List.of("dev.merchantnotify.deliverylog.DeliveryRows.write")));
    }

    @Test
    void theInnermostApplicationFrameThatNamesAPhaseWins() {
        // merchant health updated while recording: health, not record
        assertEquals(ProfilePhases.HEALTH, ProfilePhases.phase(List.of("redis.clients.jedis.Connection.flush",
                "dev.merchantnotify.merchant.MerchantRegistry.report", "dev.merchantnotify.dispatch.OutcomeRecorder.run")));
        // a queue call names no phase of its own: the claim that made it does
        assertEquals(ProfilePhases.CLAIM, ProfilePhases.phase(List.of("dev.merchantnotify.queue.NotifyQueue.claim",
                "dev.merchantnotify.dispatch.Claims.claim", "dev.merchantnotify.dispatch.DispatchPoller.poll")));
        assertEquals(ProfilePhases.INGEST, ProfilePhases.phase(List.of("dev.merchantnotify.queue.IngestPush.push",
                "dev.merchantnotify.ingest.Ingest.accept")));
    }

    @Test
    void stacksWithoutApplicationFramesGoByLibrary() {
        assertEquals(ProfilePhases.HTTP_CLIENT, ProfilePhases.phase(List.of("sun.nio.ch.SocketDispatcher.read",
                "org.eclipse.jetty.io.SelectorManager$ManagedSelector.select")));
        assertEquals(ProfilePhases.H2_BACKGROUND, ProfilePhases.phase(List.of("org.h2.mvstore.MVStore.writeInBackground")));
        assertEquals(ProfilePhases.HTTP_SERVER, ProfilePhases.phase(List.of("com.ibm.ws.http.channel.internal.X.y")));
        assertEquals(ProfilePhases.OTHER, ProfilePhases.phase(List.of("java.lang.Thread.run")));
    }
}
