package org.imegate.media;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.imegate.api.interfaces.NamedInterfaces;
import org.imegate.api.media.MediaTerminationConfig;
import org.imegate.api.validation.Validate;
import org.imegate.api.validation.ValidationException;

/**
 * The rules of a {@code media-termination} instance (catalogue MT-01..05, GL-18, UND-16), in one place
 * for the shell and for the factory configurations read from {@code etc/}. Errors name the shell word
 * ({@link Words#SHELL}) or the configuration key ({@link Words#CONFIG}) of the refused value.
 */
public final class TerminationConfigs {

    /** Factory PID of the instances; one configuration per instance. */
    public static final String FACTORY_PID = "org.imegate.media.termination";
    /** Key: instance name. */
    public static final String NAME = "name";
    /** Key: the one address used on every interface. */
    public static final String GLOBAL_ADDRESS = "global.address";
    /** Key prefix: {@code address.<interface> = <ip>}. */
    public static final String ADDRESS_PREFIX = "address.";
    /** Key: lowest RTP port. */
    public static final String RTP_MIN_PORT = "rtp.min.port";
    /** Key: highest RTP port. */
    public static final String RTP_MAX_PORT = "rtp.max.port";

    public static final int DEFAULT_MIN_PORT = 16384;
    public static final int DEFAULT_MAX_PORT = 32767;
    public static final int LOWEST_PORT = 1024;
    public static final int HIGHEST_PORT = 65535;
    public static final int NAME_MAX = 64;
    static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    /** How refused values are named: the shell's seed words or the configuration keys. */
    public enum Words {
        SHELL("media-termination", "address", "interface", "rtp-min-port", "rtp-max-port"),
        CONFIG(NAME, GLOBAL_ADDRESS, "address.", RTP_MIN_PORT, RTP_MAX_PORT);

        final String name;
        final String address;
        final String iface;
        final String min;
        final String max;

        Words(String name, String address, String iface, String min, String max) {
            this.name = name;
            this.address = address;
            this.iface = iface;
            this.min = min;
            this.max = max;
        }

        String address(String ifname) {
            return this == CONFIG ? ADDRESS_PREFIX + ifname : address;
        }
    }

    private TerminationConfigs() {
    }

    /** The instance name rule: 1-64 characters of {@code [A-Za-z0-9_.-]}. */
    public static String name(String parameter, String value) {
        return Validate.name(parameter, value, NAME_MAX, NAME_PATTERN, "letters, digits, '_', '.' and '-'");
    }

    /**
     * Checks a whole instance and returns it. Per-interface addresses may be added one at a time
     * (the second interface comes with the next command), so one interface is accepted here; an
     * instance is usable only when {@link #usable} says so.
     */
    public static MediaTerminationConfig validate(MediaTerminationConfig c, NamedInterfaces interfaces, Words w) {
        name(w.name, c.name());
        if (c.globalAddress().isPresent() && !c.addresses().isEmpty()) {
            String ifname = new TreeMap<>(c.addresses()).firstKey();
            throw Validate.fail(w.address(ifname), c.addresses().get(ifname), "is an address on interface "
                    + ifname + " but media-termination " + c.name() + " has the global address "
                    + c.globalAddress().get() + "; use either one global address or per-interface addresses, not both");
        }
        c.globalAddress().ifPresent(a -> address(w.address, a));
        for (Map.Entry<String, String> e : c.addresses().entrySet()) {
            interfaces.require(w == Words.CONFIG ? w.address(e.getKey()) : w.iface, e.getKey());
            address(w.address(e.getKey()), e.getValue());
        }
        Validate.range(w.min, c.rtpMinPort(), LOWEST_PORT, HIGHEST_PORT);
        Validate.range(w.max, c.rtpMaxPort(), LOWEST_PORT, HIGHEST_PORT);
        if (c.rtpMinPort() >= c.rtpMaxPort()) {
            throw Validate.fail(w.max, c.rtpMaxPort(), "must be above " + w.min + " " + c.rtpMinPort());
        }
        return c;
    }

    /**
     * A literal IPv4 address of this host (the relay binds it): no name resolution, not the wildcard,
     * multicast or broadcast address.
     */
    public static InetAddress address(String parameter, String literal) {
        Validate.required(parameter, literal);
        var m = IPV4.matcher(literal.trim());
        if (!m.matches()) {
            throw Validate.fail(parameter, literal, "must be a literal IPv4 address");
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            int octet = Integer.parseInt(m.group(i + 1));
            if (octet > 255) {
                throw Validate.fail(parameter, literal, "must be a literal IPv4 address");
            }
            b[i] = (byte) octet;
        }
        final InetAddress a;
        try {
            a = Inet4Address.getByAddress(b);
        } catch (UnknownHostException e) {
            throw Validate.fail(parameter, literal, "must be a literal IPv4 address");
        }
        if (a.isAnyLocalAddress() || a.isMulticastAddress() || literal.trim().equals("255.255.255.255")) {
            throw Validate.fail(parameter, literal, "must be a unicast address, not the wildcard, multicast or broadcast address");
        }
        if (!local(a)) {
            throw Validate.fail(parameter, literal, "is not an address of this host");
        }
        return a;
    }

    private static boolean local(InetAddress a) {
        try {
            if (NetworkInterface.getByInetAddress(a) != null) {
                return true;
            }
        } catch (SocketException e) {
            return false;
        }
        // 127.0.0.0/8 is local as a whole on Linux although only 127.0.0.1 is listed on lo
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(a, 0))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether SIP inspection can open sessions on it: a global address, or inside and outside (MT-03). */
    public static boolean usable(MediaTerminationConfig c) {
        return c.globalAddress().isPresent() || c.addresses().containsKey(NamedInterfaces.INSIDE)
                && c.addresses().containsKey(NamedInterfaces.OUTSIDE);
    }

    /** Reads a factory configuration; errors name the configuration key. */
    public static MediaTerminationConfig fromProperties(Map<String, ?> properties, NamedInterfaces interfaces) {
        String name = text(properties.get(NAME));
        name(NAME, name);
        Optional<String> global = Optional.ofNullable(text(properties.get(GLOBAL_ADDRESS))).filter(s -> !s.isBlank())
                .map(String::trim);
        Map<String, String> addresses = new TreeMap<>();
        for (Map.Entry<String, ?> e : properties.entrySet()) {
            if (e.getKey().startsWith(ADDRESS_PREFIX)) {
                String ifname = e.getKey().substring(ADDRESS_PREFIX.length());
                String value = text(e.getValue());
                addresses.put(ifname, Validate.required(e.getKey(), value).trim());
            }
        }
        int min = port(properties, RTP_MIN_PORT, DEFAULT_MIN_PORT);
        int max = port(properties, RTP_MAX_PORT, DEFAULT_MAX_PORT);
        return validate(new MediaTerminationConfig(name, global, addresses, min, max), interfaces, Words.CONFIG);
    }

    private static int port(Map<String, ?> properties, String key, int defaultValue) {
        String v = text(properties.get(key));
        return v == null || v.isBlank() ? defaultValue : Validate.parseInt(key, v, LOWEST_PORT, HIGHEST_PORT);
    }

    private static String text(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    /** The factory configuration properties of an instance. */
    public static Hashtable<String, Object> toProperties(MediaTerminationConfig c) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(NAME, c.name());
        c.globalAddress().ifPresent(a -> p.put(GLOBAL_ADDRESS, a));
        c.addresses().forEach((i, a) -> p.put(ADDRESS_PREFIX + i, a));
        p.put(RTP_MIN_PORT, String.valueOf(c.rtpMinPort()));
        p.put(RTP_MAX_PORT, String.valueOf(c.rtpMaxPort()));
        return p;
    }

    /** An empty instance with the default port range. */
    public static MediaTerminationConfig empty(String name) {
        return new MediaTerminationConfig(name, Optional.empty(), Map.of(), DEFAULT_MIN_PORT, DEFAULT_MAX_PORT);
    }

    /** The running-config form, as the ASA prints it. */
    public static String runningConfig(MediaTerminationConfig c) {
        StringBuilder b = new StringBuilder("media-termination ").append(c.name()).append('\n');
        c.globalAddress().ifPresent(a -> b.append(" address ").append(a).append('\n'));
        c.addresses().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> b.append(" address ").append(e.getValue()).append(" interface ").append(e.getKey()).append('\n'));
        b.append(" rtp-min-port ").append(c.rtpMinPort()).append(" rtp-max-port ").append(c.rtpMaxPort()).append('\n');
        return b.toString();
    }

    static ValidationException notUsable(String parameter, MediaTerminationConfig c) {
        return Validate.fail(parameter, c.name(), "has no global address and no addresses on both the inside and the outside"
                + " interface (configured: " + (c.addresses().isEmpty() ? "none" : String.join(", ", c.addresses().keySet())) + ")");
    }
}
