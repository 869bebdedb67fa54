package io.sagitta.storage.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseOptionsTest {

    @Test
    void withoutUrlTheEmbeddedDatabaseIsMeant() {
        DatabaseOptions options = DatabaseOptions.fromEnvironment(Map.of());
        assertFalse(options.isExternal());
        assertEquals(DatabaseOptions.DEFAULT.poolMaxSize(), options.poolMaxSize());
    }

    @Test
    void externalServerFromUrlUserAndPassword() {
        DatabaseOptions options = DatabaseOptions.fromEnvironment(Map.of(
            "SAGITTA_DB_URL", "r2dbc:postgresql://db.example:6543/pacs?schema=archive",
            "SAGITTA_DB_USER", "sagitta", "SAGITTA_DB_PASSWORD", "s3cret",
            "SAGITTA_DB_POOL_MAX_SIZE", "40", "SAGITTA_DB_POOL_INITIAL_SIZE", "4", "SAGITTA_DB_POOL_MAX_IDLE", "PT5M",
            "SAGITTA_DB_STATEMENT_TIMEOUT", "15"));
        assertTrue(options.isExternal());
        assertEquals("db.example", options.host());
        assertEquals(6543, options.port());
        assertEquals("pacs", options.database());
        assertEquals("archive", options.schema());
        assertEquals("sagitta", options.user());
        assertEquals("s3cret", options.password());
        assertEquals(40, options.poolMaxSize());
        assertEquals(4, options.poolInitialSize());
        assertEquals(Duration.ofMinutes(5), options.poolMaxIdleTime());
        assertEquals(Duration.ofSeconds(15), options.statementTimeout());
    }

    @Test
    void defaultPortAndCredentialsInTheUrl() {
        DatabaseOptions options = DatabaseOptions.fromEnvironment(Map.of("SAGITTA_DB_URL", "r2dbc:postgresql://u:p%40ss@host/db"));
        assertEquals(5432, options.port());
        assertEquals("u", options.user());
        assertEquals("p@ss", options.password());
        assertNull(options.schema());
        assertFalse(options.toString().contains("p@ss"), "no password in toString");
    }

    @Test
    void badValuesNameTheVariable() {
        assertNamed("SAGITTA_DB_URL", Map.of("SAGITTA_DB_URL", "postgresql://host/db"));
        assertNamed("SAGITTA_DB_URL", Map.of("SAGITTA_DB_URL", "r2dbc:mysql://host/db"));
        assertNamed("SAGITTA_DB_URL", Map.of("SAGITTA_DB_URL", "r2dbc:postgresql://host"));
        assertNamed("SAGITTA_DB_URL", Map.of("SAGITTA_DB_URL", "r2dbc:postgresql://host/db?sslmode=x"));
        assertNamed("SAGITTA_DB_URL", Map.of("SAGITTA_DB_URL", "r2dbc:postgresql://ho st/db"));
        assertNamed("SAGITTA_DB_POOL_MAX_SIZE", Map.of("SAGITTA_DB_POOL_MAX_SIZE", "0"));
        assertNamed("SAGITTA_DB_POOL_MAX_SIZE", Map.of("SAGITTA_DB_POOL_MAX_SIZE", "lots"));
        assertNamed("SAGITTA_DB_POOL_INITIAL_SIZE", Map.of("SAGITTA_DB_POOL_MAX_SIZE", "2", "SAGITTA_DB_POOL_INITIAL_SIZE", "5"));
        assertNamed("SAGITTA_DB_POOL_MAX_IDLE", Map.of("SAGITTA_DB_POOL_MAX_IDLE", "soon"));
        assertNamed("SAGITTA_DB_STATEMENT_TIMEOUT", Map.of("SAGITTA_DB_STATEMENT_TIMEOUT", "-PT1S"));
        assertNamed("SAGITTA_DB_URL", Map.of("SAGITTA_DB_USER", "someone"));
    }

    private static void assertNamed(String variable, Map<String, String> env) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatabaseOptions.fromEnvironment(env));
        assertTrue(e.getMessage().contains(variable), e.getMessage());
    }

    @Test
    void smallMaximumPullsTheInitialSizeDown() {
        assertEquals(1, DatabaseOptions.fromEnvironment(Map.of("SAGITTA_DB_POOL_MAX_SIZE", "1")).poolInitialSize());
    }
}
