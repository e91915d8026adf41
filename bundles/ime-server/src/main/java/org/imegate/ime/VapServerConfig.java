package org.imegate.ime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.imegate.api.ime.ImeServer;
import org.imegate.api.ime.VapAuthMode;
import org.imegate.api.validation.Validate;

/**
 * One VAP server instance's configuration (factory PID {@value #FACTORY_PID}, one per instance,
 * {@code etc/org.imegate.ime.vapserver-<name>.cfg}).
 */
public record VapServerConfig(String name, int port, VapAuthMode mode, boolean enabled, int keepaliveInterval,
        int maxConnections, String trustpoint, String iface) {

    public static final String FACTORY_PID = "org.imegate.ime.vapserver";
    public static final String NAME = "name";
    public static final String PORT = "port";
    public static final String MODE = "authenticationmode";
    public static final String ENABLED = "enabled";
    public static final String KEEPALIVE = "keepaliveinterval";
    public static final String MAX_CONNECTIONS = "maxconnectionsallowed";
    public static final String TRUSTPOINT = "trustpoint";
    public static final String INTERFACE = "interface";

    public static final int DEFAULT_KEEPALIVE = 30;
    public static final int DEFAULT_MAX_CONNECTIONS = 4;
    public static final String DEFAULT_TRUSTPOINT = "IME";
    public static final String DEFAULT_INTERFACE = "inside";
    static final Pattern NAME_RULE = Pattern.compile("[A-Za-z0-9_.-]+");

    /** Validates a VAP server name (1-64 characters of letters, digits, '_', '.', '-'). */
    public static String name(String name) {
        return Validate.name("vapservername", name, 64, NAME_RULE, "letters, digits, '_', '.' and '-'");
    }

    /** A new instance with the defaults. */
    public static VapServerConfig create(String name, int port, VapAuthMode mode) {
        return new VapServerConfig(name(name), Validate.range("port", port, 1, 65535), mode, true, DEFAULT_KEEPALIVE,
                DEFAULT_MAX_CONNECTIONS, DEFAULT_TRUSTPOINT, DEFAULT_INTERFACE);
    }

    /** Reads and validates a configuration's properties. */
    public static VapServerConfig of(Map<String, ?> p) {
        String name = name(str(p, NAME, null));
        int port = Validate.parseInt(PORT, str(p, PORT, Integer.toString(ImeServer.DEFAULT_VAP_PORT)), 1, 65535);
        VapAuthMode mode = Validate.oneOf(MODE, str(p, MODE, "encrypted"), VapAuthMode.class);
        boolean enabled = bool(ENABLED, str(p, ENABLED, "true"));
        int keepalive = Validate.parseInt(KEEPALIVE, str(p, KEEPALIVE, Integer.toString(DEFAULT_KEEPALIVE)), 5, 3600);
        int max = Validate.parseInt(MAX_CONNECTIONS, str(p, MAX_CONNECTIONS,
                Integer.toString(DEFAULT_MAX_CONNECTIONS)), 1, 1000);
        String tp = str(p, TRUSTPOINT, DEFAULT_TRUSTPOINT);
        String iface = str(p, INTERFACE, DEFAULT_INTERFACE);
        return new VapServerConfig(name, port, mode, enabled, keepalive, max, tp, iface);
    }

    static String str(Map<String, ?> p, String key, String dflt) {
        Object v = p.get(key);
        return v == null || String.valueOf(v).isBlank() ? dflt : String.valueOf(v).trim();
    }

    static boolean bool(String parameter, String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "enable", "enabled", "on" -> true;
            case "false", "no", "disable", "disabled", "off" -> false;
            default -> throw Validate.fail(parameter, value, "must be true or false");
        };
    }

    /** The properties to persist. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(NAME, name);
        m.put(PORT, Integer.toString(port));
        m.put(MODE, mode.name().toLowerCase(java.util.Locale.ROOT));
        m.put(ENABLED, Boolean.toString(enabled));
        m.put(KEEPALIVE, Integer.toString(keepaliveInterval));
        m.put(MAX_CONNECTIONS, Integer.toString(maxConnections));
        m.put(TRUSTPOINT, trustpoint);
        m.put(INTERFACE, iface);
        return m;
    }
}
