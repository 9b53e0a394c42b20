package dev.latchkey.example.config;

/** A configuration value is missing, malformed or out of range; the message names it. */
public final class InvalidConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public InvalidConfigurationException(String message) {
        super(message);
    }
}
