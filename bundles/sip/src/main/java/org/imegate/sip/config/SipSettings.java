package org.imegate.sip.config;

import java.util.Map;
import org.imegate.api.validation.Validate;

/**
 * Where the SIP transport listens (ConfigAdmin PID {@value #PID}, {@code etc/org.imegate.sip.cfg}):
 * the named interface and port of the outside SIP/TLS listener and of the inside TCP and TLS listeners.
 * A change restarts the listeners.
 */
public record SipSettings(String outsideInterface, int outsidePort, String insideInterface, int insidePort,
        int insideTlsPort) {

    public static final String PID = "org.imegate.sip";

    public SipSettings {
        Validate.range("outside.port", outsidePort, 1, 65535);
        Validate.range("inside.port", insidePort, 1, 65535);
        Validate.range("inside.tls.port", insideTlsPort, 1, 65535);
        if (insidePort == insideTlsPort && insideInterface.equals(outsideInterface)) {
            throw Validate.fail("inside.tls.port", insideTlsPort, "must differ from inside.port");
        }
    }

    public static SipSettings from(Map<String, ?> p) {
        return new SipSettings(text(p, "outside.interface", "outside"),
                UcImeConfig.integer(p, "outside.port", 5061),
                text(p, "inside.interface", "inside"),
                UcImeConfig.integer(p, "inside.port", 5070),
                UcImeConfig.integer(p, "inside.tls.port", 5071));
    }

    private static String text(Map<String, ?> p, String key, String dflt) {
        Object v = p.get(key);
        return v == null || String.valueOf(v).isBlank() ? dflt : String.valueOf(v).trim();
    }
}
