package dev.merchantnotify.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.merchantnotify.channel.Target;
import dev.merchantnotify.deliverylog.DeliveryFormat;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LaneTest {

    private static DeliveryTask task(long id) {
        return new DeliveryTask(id, "BY" + id, "order.paid", "{}",
                Target.notifyUrl("0123456789abcdef", "http://shop.example/notify", DeliveryFormat.FORM), 0, 0,
                Instant.EPOCH, Instant.EPOCH, 1, false, null, 0, null);
    }

    @Test
    void startsUpToTheCapThenQueuesThenRefuses() {
        Lane lane = new Lane();
        assertEquals(Lane.Offer.START, lane.offer(task(1), 2, 1));
        assertEquals(Lane.Offer.START, lane.offer(task(2), 2, 1));
        assertEquals(Lane.Offer.QUEUED, lane.offer(task(3), 2, 1));
        assertEquals(Lane.Offer.FULL, lane.offer(task(4), 2, 1));
    }

    @Test
    void aReleasedSlotGoesToTheFirstWaitingTask() {
        Lane lane = new Lane();
        lane.offer(task(1), 1, 2);
        DeliveryTask second = task(2);
        lane.offer(second, 1, 2);
        lane.offer(task(3), 1, 2);
        assertSame(second, lane.release());
        assertEquals(3, lane.release().notificationId());
        assertNull(lane.release());
    }

    @Test
    void anIdleLaneIsNotStalledAndABusyOneStallsUntilAnAttemptFinishes() throws InterruptedException {
        Lane lane = new Lane();
        Thread.sleep(30);
        assertEquals(0, lane.stalledMillis(), "idle: nothing is waiting for an answer");
        lane.offer(task(1), 1, 0);
        lane.offer(task(2), 1, 1);
        Thread.sleep(60);
        assertTrue(lane.stalledMillis() >= 50, "busy without an answer for 60 ms: " + lane.stalledMillis());
        lane.release(); // attempt 1 answered, attempt 2 takes the slot
        assertTrue(lane.stalledMillis() < 50, "an answer just came: " + lane.stalledMillis());
    }
}
