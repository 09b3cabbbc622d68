package dev.merchantnotify.platform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class ApiExceptionMapperTest {

    @Test
    void aDatabaseThatCannotBeReachedOrEndedTheSessionIsUnavailable() {
        // A connection that failed, and PostgreSQL ending a session: shut down (a standby stopped), crashed, starting.
        for (String state : new String[] {"08001", "08006", "57P01", "57P02", "57P03"}) {
            assertTrue(ApiExceptionMapper.isDatabaseUnavailable(
                    new IllegalStateException("wrapped", new SQLException("x", state))), state);
        }
        assertTrue(ApiExceptionMapper.isDatabaseUnavailable(new SQLTransientConnectionException("pool empty")));
    }

    @Test
    void otherDatabaseErrorsAreNot() {
        // A unique key, a query cancelled by its timeout, a syntax error: the request's fault or a bug, not an outage.
        for (String state : new String[] {"23505", "57014", "42601"}) {
            assertFalse(ApiExceptionMapper.isDatabaseUnavailable(new SQLException("x", state)), state);
        }
        assertFalse(ApiExceptionMapper.isDatabaseUnavailable(new IllegalArgumentException("no SQL at all")));
    }
}
