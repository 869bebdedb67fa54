package io.sagitta.server.config;

import java.util.Locale;
import java.util.function.Function;

/**
 * One configuration key: its dotted path in the YAML file, the environment variable that overrides
 * it ({@code SAGITTA_} + the path upper-cased, dots as underscores), its default and how its text
 * becomes a value. A parser throws {@link IllegalArgumentException} with a short reason.
 *
 * @param <T> the type of the value
 */
public final class ConfigKey<T> {

    private final String path;
    private final String defaultValue;
    private final Function<String, T> parser;
    private final String description;
    private final boolean secret;

    ConfigKey(String path, String defaultValue, Function<String, T> parser, String description, boolean secret) {
        this.path = path;
        this.defaultValue = defaultValue;
        this.parser = parser;
        this.description = description;
        this.secret = secret;
    }

    public String path() {
        return path;
    }

    public String environmentVariable() {
        return "SAGITTA_" + path.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** The default as text, or null when the key is unset by default. */
    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** True for passwords and keys, which are never printed. */
    public boolean isSecret() {
        return secret;
    }

    T parse(String text) {
        try {
            return parser.apply(text.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("bad configuration: " + path + " (" + environmentVariable() + ") = '"
                + (secret ? "***" : text) + "': " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return path;
    }
}
