package org.imegate.sip.config;

import java.time.Duration;
import java.util.Map;
import org.imegate.api.validation.Validate;

/**
 * The appliance-wide settings of the off-path mapping service in {@code etc/org.imegate.sip.cfg}
 * (PID {@value SipSettings#PID}): the port range of the mapped addresses and the idle timer that closes
 * idle call-agent connections and releases unused mappings (the call agent's Firewall Mapping Connection
 * Idle Timer, 5-60 minutes, 10 by default).
 */
public record MappingSettings(int portMin, int portMax, Duration idle) {

    public MappingSettings {
        Validate.range("mapping.port.min", portMin, 1024, 65535);
        Validate.range("mapping.port.max", portMax, portMin, 65535);
    }

    public static MappingSettings from(Map<String, ?> p) {
        int min = UcImeConfig.integer(p, "mapping.port.min", 5100);
        int max = UcImeConfig.integer(p, "mapping.port.max", 5199);
        int minutes = Validate.range("mapping.idle.timer", UcImeConfig.integer(p, "mapping.idle.timer", 10), 5, 60);
        return new MappingSettings(min, max, Duration.ofMinutes(minutes));
    }
}
