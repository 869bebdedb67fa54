package io.sagitta.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SagittaConfigTest {

    private static final Path SAMPLE = Path.of("../ops/sagitta.yaml");

    @Test
    void defaultsAreTheEmbeddedSetUp() {
        SagittaConfig config = SagittaConfig.defaults();
        assertEquals(Path.of("./sagitta-data"), config.get(ConfigKeys.DATA_DIR));
        assertEquals("127.0.0.1", config.get(ConfigKeys.BIND));
        assertEquals("SAGITTA", config.get(ConfigKeys.AE_TITLE));
        assertEquals(11112, config.get(ConfigKeys.DICOM_PORT));
        assertEquals(8080, config.get(ConfigKeys.HTTP_PORT));
        assertTrue(config.get(ConfigKeys.DICOM_PEERS).isEmpty());
        assertNull(config.get(ConfigKeys.DB_URL));
        assertNull(config.get(ConfigKeys.S3_BUCKET));
        assertTrue(config.get(ConfigKeys.HTTP_SENDFILE));
        org.junit.jupiter.api.Assertions.assertFalse(
            SagittaConfig.load(null, Map.of("SAGITTA_HTTP_SENDFILE", "false")).get(ConfigKeys.HTTP_SENDFILE));
        assertEquals(SagittaConfig.Source.DEFAULT, config.sourceOf(ConfigKeys.DICOM_PORT));
    }

    @Test
    void environmentOverridesTheFileWhichOverridesDefaults(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, "ae_title: FROMFILE\ndicom:\n  port: 104\n  peers: VIEWER=127.0.0.1:11113\nhttp:\n  port: 9090\n");
        SagittaConfig config = SagittaConfig.load(file, Map.of("SAGITTA_DICOM_PORT", "4242", "PATH", "/bin"));
        assertEquals("FROMFILE", config.get(ConfigKeys.AE_TITLE));
        assertEquals(4242, config.get(ConfigKeys.DICOM_PORT));
        assertEquals(SagittaConfig.Source.ENVIRONMENT, config.sourceOf(ConfigKeys.DICOM_PORT));
        assertEquals(9090, config.get(ConfigKeys.HTTP_PORT));
        assertEquals(new PeerAddress("VIEWER", "127.0.0.1", 11113), config.get(ConfigKeys.DICOM_PEERS).get("VIEWER"));
        assertEquals("4242", config.asEnvironment().get("SAGITTA_DICOM_PORT"));
    }

    @Test
    void theConfigFileCanComeFromTheEnvironment(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, "bind: 0.0.0.0\n");
        SagittaConfig config = SagittaConfig.load(null, Map.of("SAGITTA_CONFIG", file.toString()));
        assertEquals("0.0.0.0", config.get(ConfigKeys.BIND));
    }

    @Test
    void badValuesStopStartUpWithOneLineNamingTheKey(@TempDir Path dir) throws IOException {
        ConfigException port = assertThrows(ConfigException.class,
            () -> SagittaConfig.load(null, Map.of("SAGITTA_DICOM_PORT", "70000")));
        assertEquals("bad configuration: dicom.port (SAGITTA_DICOM_PORT) = '70000': must be between 0 and 65535",
            port.getMessage());
        assertTrue(assertThrows(ConfigException.class,
            () -> SagittaConfig.load(null, Map.of("SAGITTA_AE_TITLE", "MUCH_TOO_LONG_AE_TITLE")))
            .getMessage().contains("ae_title"));
        assertTrue(assertThrows(ConfigException.class,
            () -> SagittaConfig.load(null, Map.of("SAGITTA_DICOM_PEERS", "VIEWER=host")))
            .getMessage().contains("AE=host:port"));
        assertTrue(assertThrows(ConfigException.class,
            () -> SagittaConfig.load(null, Map.of("SAGITTA_DB_URL", "jdbc:postgresql://x/y")))
            .getMessage().contains("db.url"));
        ConfigException secret = assertThrows(ConfigException.class,
            () -> SagittaConfig.load(null, Map.of("SAGITTA_LOG_FORMAT", "xml")));
        assertTrue(secret.getMessage().contains("text or json"));

        Path typo = dir.resolve("typo.yaml");
        Files.writeString(typo, "dicom:\n  prot: 104\n");
        assertEquals("bad configuration: unknown key 'dicom.prot' in " + typo,
            assertThrows(ConfigException.class, () -> SagittaConfig.load(typo, Map.of())).getMessage());
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "dicom: [unclosed\n");
        String message = assertThrows(ConfigException.class, () -> SagittaConfig.load(broken, Map.of())).getMessage();
        assertTrue(message.contains("not valid YAML") && !message.contains("\n"), message);
        assertTrue(assertThrows(ConfigException.class,
            () -> SagittaConfig.load(dir.resolve("missing.yaml"), Map.of())).getMessage().contains("does not exist"));
    }

    @Test
    void secretsAreNeverShown() {
        SagittaConfig config = SagittaConfig.load(null, Map.of("SAGITTA_S3_SECRET_KEY", "hunter2"));
        assertTrue(config.describe().contains("s3.secret_key = *** (environment)"));
        assertTrue(config.describe().stream().noneMatch(line -> line.contains("hunter2")));
    }

    @Test
    void unknownSagittaVariablesAreWarnedAbout() {
        SagittaConfig config = SagittaConfig.load(null, Map.of("SAGITTA_DICOM_PROT", "1"));
        assertEquals(1, config.warnings().size());
        assertTrue(config.warnings().get(0).contains("SAGITTA_DICOM_PROT"));
    }

    @Test
    void theSampleFileDocumentsEveryKeyWithItsDefault() throws IOException {
        String text = Files.readString(SAMPLE);
        SagittaConfig sample = SagittaConfig.load(SAMPLE, Map.of());
        SagittaConfig defaults = SagittaConfig.defaults();
        for (ConfigKey<?> key : ConfigKeys.all()) {
            assertTrue(text.contains(key.environmentVariable()), "ops/sagitta.yaml does not name " + key.environmentVariable());
            String leaf = key.path().substring(key.path().lastIndexOf('.') + 1);
            assertTrue(text.contains(leaf + ":"), "ops/sagitta.yaml does not show " + key.path());
            assertEquals(defaults.get(key), sample.get(key), "ops/sagitta.yaml disagrees with the default of " + key);
        }
    }
}
