package org.imegate.sip.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.imegate.api.validation.Validate;

/**
 * The {@code uc-ime <name>} proxy (one per appliance) as stored in ConfigAdmin PID
 * {@value #PID}. Ticket settings join with the ticket module.
 *
 * @param name               1-64 characters of {@code [A-Za-z0-9_.-]}
 * @param mediaTermination   the media-termination instance it uses
 * @param ucms               the call agent nodes
 * @param monitoringTimerMs  {@code fallback monitoring timer} 10-600 ms (100)
 * @param holdDownTimerS     {@code fallback hold-down timer} 10-360 s (20)
 * @param sensitivityFile    {@code fallback sensitivity-file}, a .fbs name
 * @param mappingService     {@code mapping-service ...} of an off-path deployment, at most one
 */
public record UcImeConfig(String name, Optional<String> mediaTermination, List<Ucm> ucms, int monitoringTimerMs,
        int holdDownTimerS, Optional<String> sensitivityFile, Optional<MappingServiceConfig> mappingService) {

    public static final String PID = "org.imegate.sip.ucime";
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    public static final String NAME_RULE = "letters, digits, '.', '_' and '-'";
    static final Pattern FBS = Pattern.compile("[A-Za-z0-9_.-]{1,128}\\.fbs");

    public UcImeConfig {
        Validate.name("uc-ime", name, 64, NAME, NAME_RULE);
        mediaTermination.ifPresent(m -> Validate.name("media-termination", m, 64, NAME, NAME_RULE));
        ucms = List.copyOf(ucms);
        Validate.range("fallback monitoring timer", monitoringTimerMs, 10, 600);
        Validate.range("fallback hold-down timer", holdDownTimerS, 10, 360);
        sensitivityFile.ifPresent(f -> {
            if (!FBS.matcher(f).matches()) {
                throw Validate.fail("fallback sensitivity-file", f, "must be a file name ending in .fbs");
            }
        });
    }

    public static UcImeConfig named(String name) {
        return new UcImeConfig(name, Optional.empty(), List.of(), 100, 20, Optional.empty(), Optional.empty());
    }

    public UcImeConfig withMediaTermination(String m) {
        return new UcImeConfig(name, Optional.of(m), ucms, monitoringTimerMs, holdDownTimerS, sensitivityFile, mappingService);
    }

    /** Adds or replaces the entry for the same address. */
    public UcImeConfig withUcm(Ucm ucm) {
        List<Ucm> list = new ArrayList<>();
        for (Ucm u : ucms) {
            if (!u.address().equals(ucm.address())) {
                list.add(u);
            }
        }
        list.add(ucm);
        return new UcImeConfig(name, mediaTermination, list, monitoringTimerMs, holdDownTimerS, sensitivityFile, mappingService);
    }

    public UcImeConfig withoutUcm(String address) {
        if (ucms.stream().noneMatch(u -> u.address().equals(address))) {
            throw Validate.unknown("ucm address", address);
        }
        return new UcImeConfig(name, mediaTermination, ucms.stream().filter(u -> !u.address().equals(address)).toList(),
                monitoringTimerMs, holdDownTimerS, sensitivityFile, mappingService);
    }

    public UcImeConfig withMonitoringTimer(int ms) {
        return new UcImeConfig(name, mediaTermination, ucms, ms, holdDownTimerS, sensitivityFile, mappingService);
    }

    public UcImeConfig withHoldDownTimer(int s) {
        return new UcImeConfig(name, mediaTermination, ucms, monitoringTimerMs, s, sensitivityFile, mappingService);
    }

    public UcImeConfig withSensitivityFile(String f) {
        return new UcImeConfig(name, mediaTermination, ucms, monitoringTimerMs, holdDownTimerS, Optional.of(f), mappingService);
    }

    public UcImeConfig withMappingService(MappingServiceConfig m) {
        return new UcImeConfig(name, mediaTermination, ucms, monitoringTimerMs, holdDownTimerS, sensitivityFile,
                Optional.of(m));
    }

    public UcImeConfig withoutMappingService() {
        if (mappingService.isEmpty()) {
            throw Validate.fail("mapping-service", name, "is not configured for this uc-ime proxy");
        }
        return new UcImeConfig(name, mediaTermination, ucms, monitoringTimerMs, holdDownTimerS, sensitivityFile,
                Optional.empty());
    }

    /** The call agent node at {@code address}, if configured. */
    public Optional<Ucm> ucm(String address) {
        return ucms.stream().filter(u -> u.address().equals(address)).findFirst();
    }

    public Map<String, Object> toProperties() {
        Map<String, Object> p = new HashMap<>();
        p.put("name", name);
        mediaTermination.ifPresent(m -> p.put("media.termination", m));
        p.put("ucm", String.join(", ", ucms.stream().map(Ucm::format).toList()));
        p.put("fallback.monitoring.timer", monitoringTimerMs);
        p.put("fallback.holddown.timer", holdDownTimerS);
        sensitivityFile.ifPresent(f -> p.put("fallback.sensitivity.file", f));
        mappingService.ifPresent(m -> m.store(p));
        return p;
    }

    /** Reads the stored form; empty when no uc-ime is configured. */
    public static Optional<UcImeConfig> fromProperties(Map<String, ?> p) {
        Object name = p.get("name");
        if (name == null || String.valueOf(name).isBlank()) {
            return Optional.empty();
        }
        List<Ucm> ucms = new ArrayList<>();
        for (String s : strings(p.get("ucm"))) {
            ucms.add(Ucm.parse(s));
        }
        return Optional.of(new UcImeConfig(String.valueOf(name),
                Optional.ofNullable(p.get("media.termination")).map(String::valueOf),
                ucms,
                integer(p, "fallback.monitoring.timer", 100),
                integer(p, "fallback.holddown.timer", 20),
                Optional.ofNullable(p.get("fallback.sensitivity.file")).map(String::valueOf),
                MappingServiceConfig.load(p)));
    }

    static int integer(Map<String, ?> p, String key, int dflt) {
        Object v = p.get(key);
        if (v == null) {
            return dflt;
        }
        return v instanceof Number n ? n.intValue() : Validate.parseInt(key, String.valueOf(v), Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    static List<String> strings(Object v) {
        if (v == null) {
            return List.of();
        }
        if (v instanceof String[] a) {
            return List.of(a);
        }
        if (v instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        String s = String.valueOf(v).trim();
        return s.isEmpty() ? List.of() : List.of(s.split("\\s*,\\s*"));
    }
}
