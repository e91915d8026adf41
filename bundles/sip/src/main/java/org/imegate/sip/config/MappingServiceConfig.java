package org.imegate.sip.config;

import java.util.Map;
import java.util.Optional;
import org.imegate.api.validation.Validate;

/**
 * {@code mapping-service listening-interface <if> [listening-port <1024-65535>] uc-ime-interface <if>} of the
 * uc-ime proxy (IME-90, at most one): the off-path mapping service takes the call agent's mapping requests
 * on {@code listeningInterface}:{@code listeningPort}; the mapped addresses it hands out are on the
 * listening interface, and the proxy reaches the remote enterprise from {@code ucImeInterface}.
 */
public record MappingServiceConfig(String listeningInterface, int listeningPort, String ucImeInterface) {

    public static final int DEFAULT_PORT = 8060;
    static final String KEY_LISTENING_INTERFACE = "mapping.listening.interface";
    static final String KEY_LISTENING_PORT = "mapping.listening.port";
    static final String KEY_UC_IME_INTERFACE = "mapping.uc.ime.interface";

    public MappingServiceConfig {
        Validate.name("listening-interface", listeningInterface, 64, UcImeConfig.NAME, UcImeConfig.NAME_RULE);
        Validate.range("listening-port", listeningPort, 1024, 65535);
        Validate.name("uc-ime-interface", ucImeInterface, 64, UcImeConfig.NAME, UcImeConfig.NAME_RULE);
    }

    /** The command's words after {@code mapping-service}, in the seed's order. */
    public String format() {
        return "listening-interface " + listeningInterface + " listening-port " + listeningPort + " uc-ime-interface "
                + ucImeInterface;
    }

    void store(Map<String, Object> p) {
        p.put(KEY_LISTENING_INTERFACE, listeningInterface);
        p.put(KEY_LISTENING_PORT, listeningPort);
        p.put(KEY_UC_IME_INTERFACE, ucImeInterface);
    }

    static Optional<MappingServiceConfig> load(Map<String, ?> p) {
        Object listening = p.get(KEY_LISTENING_INTERFACE);
        if (listening == null || String.valueOf(listening).isBlank()) {
            return Optional.empty();
        }
        Object ucIme = p.get(KEY_UC_IME_INTERFACE);
        return Optional.of(new MappingServiceConfig(String.valueOf(listening).trim(),
                UcImeConfig.integer(p, KEY_LISTENING_PORT, DEFAULT_PORT),
                Validate.required(KEY_UC_IME_INTERFACE, ucIme == null ? null : String.valueOf(ucIme).trim())));
    }
}
