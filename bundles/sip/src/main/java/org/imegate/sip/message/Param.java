package org.imegate.sip.message;

/**
 * One {@code ;name[=value]} parameter of a URI or header field, value {@code null} when valueless. Values are
 * kept as written (quoted strings keep their quotes).
 */
public record Param(String name, String value) {

    public Param {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("parameter name is empty");
        }
    }

    @Override
    public String toString() {
        return value == null ? name : name + '=' + value;
    }
}
