package dev.merchantnotify.deliverylog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class AttemptTallyTest {

    @Test
    void aBoundOpensTheNextBucket() {
        assertEquals(0, ResponseTimeBuckets.of(0));
        assertEquals(1, ResponseTimeBuckets.of(1));
        assertEquals(3, ResponseTimeBuckets.of(4));
        assertEquals(11, ResponseTimeBuckets.of(99));
        assertEquals(12, ResponseTimeBuckets.of(100));
        assertEquals(ResponseTimeBuckets.COUNT - 1, ResponseTimeBuckets.of(60_000));
        assertEquals(ResponseTimeBuckets.COUNT - 1, ResponseTimeBuckets.of(Long.MAX_VALUE));
        for (int i = 0; i < ResponseTimeBuckets.COUNT; i++) {
            assertEquals(i, ResponseTimeBuckets.of(ResponseTimeBuckets.lower(i)), "bucket " + i + " starts at its lower");
        }
    }

    @Test
    void quantilesStayInTheirBucketAndNeverPassTheLongest() {
        AttemptTally empty = new AttemptTally();
        assertNull(empty.quantile(0.5));
        AttemptTally one = new AttemptTally().add(1, true, null, 200, 123);
        assertEquals(123, one.quantile(0.99), "one attempt: the longest bounds the last bucket's interpolation");
        AttemptTally slow = new AttemptTally();
        for (int i = 0; i < 100; i++) {
            slow.add(i == 0 ? 1 : 2, i % 10 != 0, i % 10 == 0 ? "timeout" : null, null, 1000L + i * 10);
        }
        assertEquals(100, slow.attempts());
        assertEquals(90, slow.successes());
        assertEquals(1, slow.firsts());
        assertEquals(10, slow.errors());
        assertEquals(1990, slow.maxMillis());
        assertEquals(ResponseTimeBuckets.of(1490), ResponseTimeBuckets.of(slow.quantile(0.5)));
        assertEquals(ResponseTimeBuckets.of(1940), ResponseTimeBuckets.of(slow.quantile(0.95)));
        AttemptTally sum = new AttemptTally().add(slow).add(one);
        assertEquals(101, sum.attempts());
        assertEquals(2, sum.firsts());
        assertEquals(1990, sum.maxMillis());
    }
}
