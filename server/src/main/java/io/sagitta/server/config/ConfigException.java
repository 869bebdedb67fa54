package io.sagitta.server.config;

/** Bad configuration: the message is one line that names the key, its variable and what is wrong. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
