package org.imegate.sip.config;

import java.net.InetSocketAddress;
import java.util.regex.Pattern;
import org.imegate.api.validation.Validate;

/**
 * {@code ucm address <ip> trunk-security-mode nonsecure|secure [port <p>]}: a call agent node with an
 * IME SIP trunk. The port is where the call agent listens (default 5060 for TCP, 5061 for TLS).
 */
public record Ucm(String address, TrunkSecurityMode mode, int port) {
    static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    public Ucm {
        if (address == null || !IPV4.matcher(address).matches()) {
            throw Validate.fail("ucm address", address, "must be an IPv4 address (IME SIP trunks are IPv4 only)");
        }
        Validate.range("port", port, 1, 65535);
    }

    public static int defaultPort(TrunkSecurityMode mode) {
        return mode == TrunkSecurityMode.SECURE ? 5061 : 5060;
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(address, port);
    }

    /** Stored form: {@code <ip> <mode> <port>}. */
    public String format() {
        return address + " " + mode.word() + " " + port;
    }

    public static Ucm parse(String stored) {
        String[] w = stored.trim().split("\\s+");
        if (w.length != 3) {
            throw Validate.fail("ucm", stored, "must read '<ip> nonsecure|secure <port>'");
        }
        return new Ucm(w[0], TrunkSecurityMode.parse(w[1]), Validate.parseInt("port", w[2], 1, 65535));
    }
}
