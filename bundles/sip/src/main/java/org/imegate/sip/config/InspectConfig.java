package org.imegate.sip.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The SIP inspection policy (ConfigAdmin PID {@value #PID}): {@code inspect sip tls-proxy <name> uc-ime <name>}
 * for the inbound class (remote enterprises connecting to the outside listener, with the
 * remote-to-local TLS proxy) and for the outbound class (the call agent's calls leaving through the
 * local-to-remote TLS proxy). While either is applied, the uc-ime proxy's settings are locked.
 */
public record InspectConfig(Optional<String> inboundTlsProxy, Optional<String> outboundTlsProxy, Optional<String> ucIme) {

    public static final String PID = "org.imegate.sip.inspect";

    public static InspectConfig none() {
        return new InspectConfig(Optional.empty(), Optional.empty(), Optional.empty());
    }

    public boolean applied() {
        return inboundTlsProxy.isPresent() || outboundTlsProxy.isPresent();
    }

    public InspectConfig with(Direction d, String tlsProxy, String ucImeName) {
        return d == Direction.INBOUND ? new InspectConfig(Optional.of(tlsProxy), outboundTlsProxy, Optional.of(ucImeName))
                : new InspectConfig(inboundTlsProxy, Optional.of(tlsProxy), Optional.of(ucImeName));
    }

    public InspectConfig without(Direction d) {
        InspectConfig c = d == Direction.INBOUND ? new InspectConfig(Optional.empty(), outboundTlsProxy, ucIme)
                : new InspectConfig(inboundTlsProxy, Optional.empty(), ucIme);
        return c.applied() ? c : none();
    }

    public Map<String, Object> toProperties() {
        Map<String, Object> p = new HashMap<>();
        inboundTlsProxy.ifPresent(t -> p.put("inbound.tls.proxy", t));
        outboundTlsProxy.ifPresent(t -> p.put("outbound.tls.proxy", t));
        ucIme.ifPresent(u -> p.put("uc.ime", u));
        return p;
    }

    public static InspectConfig fromProperties(Map<String, ?> p) {
        return new InspectConfig(opt(p, "inbound.tls.proxy"), opt(p, "outbound.tls.proxy"), opt(p, "uc.ime"));
    }

    private static Optional<String> opt(Map<String, ?> p, String key) {
        Object v = p.get(key);
        return v == null || String.valueOf(v).isBlank() ? Optional.empty() : Optional.of(String.valueOf(v));
    }

    /** The two inspection classes of the seeds. */
    public enum Direction {
        /** Remote enterprises to the local call agent. */
        INBOUND,
        /** The local call agent to remote enterprises. */
        OUTBOUND
    }
}
