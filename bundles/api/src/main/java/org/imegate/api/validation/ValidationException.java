package org.imegate.api.validation;

/**
 * A refused configuration value or command argument. The message always names the parameter, the
 * value and the rule it broke, in the form {@code ERROR: <parameter> <value> <rule>}; the shell prints
 * it as is, JMX clients receive it as the operation's exception, ConfigAdmin logs it and keeps the
 * previous configuration.
 */
public class ValidationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String parameter;

    public ValidationException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    /** The parameter (command argument, option, JMX attribute or config key) that was refused. */
    public String parameter() {
        return parameter;
    }
}
