package io.sagitta.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The resolved configuration: defaults, then the YAML file ({@code --config FILE} or
 * {@code SAGITTA_CONFIG}), then environment variables, each overriding the one before. Every value
 * is checked when loaded, so a bad value stops start-up with one line that names the key.
 */
public final class SagittaConfig {

    /** Where a value came from, for the start-up summary. */
    public enum Source { DEFAULT, FILE, ENVIRONMENT }

    private final Map<ConfigKey<?>, Object> values;
    private final Map<ConfigKey<?>, String> texts;
    private final Map<ConfigKey<?>, Source> sources;
    private final List<String> warnings;

    private SagittaConfig(Map<ConfigKey<?>, Object> values, Map<ConfigKey<?>, String> texts,
                          Map<ConfigKey<?>, Source> sources, List<String> warnings) {
        this.values = values;
        this.texts = texts;
        this.sources = sources;
        this.warnings = warnings;
    }

    /** Defaults only: what a bare {@code java -jar sagitta.jar} runs with. */
    public static SagittaConfig defaults() {
        return load(null, Map.of());
    }

    /**
     * Loads the configuration.
     *
     * @param file the YAML file given on the command line, or null to use {@code SAGITTA_CONFIG} if set
     * @param env the environment ({@code System.getenv()})
     * @throws ConfigException on an unreadable file, an unknown key or a bad value
     */
    public static SagittaConfig load(Path file, Map<String, String> env) {
        Map<ConfigKey<?>, String> texts = new LinkedHashMap<>();
        Map<ConfigKey<?>, Source> sources = new LinkedHashMap<>();
        for (ConfigKey<?> key : ConfigKeys.all()) {
            if (key.defaultValue() != null) {
                texts.put(key, key.defaultValue());
                sources.put(key, Source.DEFAULT);
            }
        }
        Path configFile = file != null ? file
            : env.get("SAGITTA_CONFIG") != null && !env.get("SAGITTA_CONFIG").isBlank() ? Path.of(env.get("SAGITTA_CONFIG"))
            : null;
        if (configFile != null) {
            readFile(configFile).forEach((key, text) -> {
                texts.put(key, text);
                sources.put(key, Source.FILE);
            });
        }
        List<String> warnings = new ArrayList<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            String name = e.getKey();
            if (!name.startsWith("SAGITTA_") || name.equals("SAGITTA_CONFIG")) {
                continue;
            }
            ConfigKey<?> key = byVariable(name);
            if (key == null) {
                warnings.add("environment variable " + name + " is not a Sagitta setting and is ignored");
                continue;
            }
            texts.put(key, e.getValue());
            sources.put(key, Source.ENVIRONMENT);
        }
        Map<ConfigKey<?>, Object> values = new LinkedHashMap<>();
        for (Map.Entry<ConfigKey<?>, String> e : texts.entrySet()) {
            values.put(e.getKey(), e.getKey().parse(e.getValue()));
        }
        return new SagittaConfig(values, texts, sources, Collections.unmodifiableList(warnings));
    }

    /** The value of a key, or null when it is unset and has no default. */
    @SuppressWarnings("unchecked")
    public <T> T get(ConfigKey<T> key) {
        return (T) values.get(key);
    }

    public boolean isSet(ConfigKey<?> key) {
        return values.containsKey(key);
    }

    public Source sourceOf(ConfigKey<?> key) {
        return sources.get(key);
    }

    /** Things worth telling the operator that do not stop start-up (e.g. unknown SAGITTA_ variables). */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * The resolved settings as {@code SAGITTA_...} variables, for components that are configured
     * from such a map (the blob store and database factories).
     */
    public Map<String, String> asEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        texts.forEach((key, text) -> env.put(key.environmentVariable(), text.trim()));
        return env;
    }

    /** One line per setting, secrets hidden, for the start-up log. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (ConfigKey<?> key : ConfigKeys.all()) {
            if (texts.containsKey(key)) {
                String shown = key.isSecret() ? "***" : texts.get(key).trim();
                lines.add(key.path() + " = " + shown + " (" + sources.get(key).name().toLowerCase() + ")");
            }
        }
        return lines;
    }

    private static ConfigKey<?> byVariable(String name) {
        for (ConfigKey<?> key : ConfigKeys.all()) {
            if (key.environmentVariable().equals(name)) {
                return key;
            }
        }
        return null;
    }

    private static Map<ConfigKey<?>, String> readFile(Path file) {
        LoaderOptions limits = new LoaderOptions();
        limits.setAllowDuplicateKeys(false);
        limits.setMaxAliasesForCollections(10);
        limits.setCodePointLimit(1024 * 1024);
        Object root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Yaml(new SafeConstructor(limits)).load(reader);
        } catch (NoSuchFileException e) {
            throw new ConfigException("bad configuration: file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("bad configuration: cannot read " + file + ": " + e.getMessage());
        } catch (YAMLException e) {
            throw new ConfigException("bad configuration: " + file + " is not valid YAML: "
                + e.getMessage().replace('\n', ' '));
        }
        Map<ConfigKey<?>, String> out = new LinkedHashMap<>();
        if (root == null) {
            return out;
        }
        if (!(root instanceof Map)) {
            throw new ConfigException("bad configuration: " + file + " must be a mapping of keys to values");
        }
        flatten("", (Map<?, ?>) root, file, out);
        return out;
    }

    private static boolean isSection(String path) {
        return ConfigKeys.all().stream().anyMatch(k -> k.path().startsWith(path + "."));
    }

    private static void flatten(String prefix, Map<?, ?> map, Path file, Map<ConfigKey<?>, String> out) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String path = prefix + e.getKey();
            Object value = e.getValue();
            if (value instanceof Map) {
                flatten(path + ".", (Map<?, ?>) value, file, out);
                continue;
            }
            ConfigKey<?> key = ConfigKeys.byPath(path);
            if (key == null && value == null && isSection(path)) {
                continue; // a section whose keys are all commented out
            }
            if (key == null) {
                throw new ConfigException("bad configuration: unknown key '" + path + "' in " + file);
            }
            if (value instanceof List) {
                throw new ConfigException("bad configuration: " + path + " in " + file + " must be a single value");
            }
            if (value != null) {
                out.put(key, value.toString());
            }
        }
    }
}
