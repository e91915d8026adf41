package org.imegate.snmp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.imegate.api.secret.SecretBox;
import org.imegate.api.validation.Validate;

/**
 * The SNMP configuration (catalogue §8, UND-14), immutable: listener, MIB-II system contact and location, v3
 * users, v1/v2c communities and notification destinations. Secrets (passphrases, community strings) are held
 * sealed ({@code ENC(...)}); {@link SnmpAgent} opens them when it starts.
 */
public record SnmpSettings(String address, int port, String sysContact, String sysLocation, List<User> users,
        List<Community> communities, List<Destination> destinations) {

    public static final int DEFAULT_PORT = 161;
    /** Default notification port (RFC 3417). */
    public static final int NOTIFICATION_PORT = 162;
    /** Default listener: the inside interface. */
    public static final String DEFAULT_ADDRESS = "inside";

    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_-]+");
    static final Pattern COMMUNITY_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern LITERAL = Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern HEX = Pattern.compile("(0x)?([0-9A-Fa-f]{2}[:]?)+");

    public SnmpSettings {
        users = List.copyOf(users);
        communities = List.copyOf(communities);
        destinations = List.copyOf(destinations);
        sysContact = sysContact == null ? "" : sysContact;
        sysLocation = sysLocation == null ? "" : sysLocation;
    }

    public static SnmpSettings defaults() {
        return new SnmpSettings(DEFAULT_ADDRESS, DEFAULT_PORT, "", "", List.of(), List.of(), List.of());
    }

    /** HMAC authentication protocols (USM RFC 3414; SHA-2 per RFC 7860). */
    public enum AuthProtocol {
        NONE("none"), SHA("SHA"), SHA224("SHA-224"), SHA256("SHA-256"), SHA384("SHA-384"), SHA512("SHA-512");

        public final String word;

        AuthProtocol(String word) {
            this.word = word;
        }

        public static AuthProtocol parse(String parameter, String text) {
            String t = text == null || text.isBlank() ? "none" : text.trim();
            for (AuthProtocol p : values()) {
                if (p.word.equalsIgnoreCase(t) || p.name().equalsIgnoreCase(t)) {
                    return p;
                }
            }
            throw Validate.fail(parameter, text, "must be one of none, SHA, SHA-224, SHA-256, SHA-384, SHA-512");
        }
    }

    /** Privacy protocols: AES-128 (RFC 3826); AES-192/256 with the Blumenthal key extension. */
    public enum PrivProtocol {
        NONE("none"), AES128("AES128"), AES192("AES192"), AES256("AES256");

        public final String word;

        PrivProtocol(String word) {
            this.word = word;
        }

        public static PrivProtocol parse(String parameter, String text) {
            String t = text == null || text.isBlank() ? "none" : text.trim();
            for (PrivProtocol p : values()) {
                if (p.word.equalsIgnoreCase(t)) {
                    return p;
                }
            }
            throw Validate.fail(parameter, text, "must be one of none, AES128, AES192, AES256");
        }
    }

    /** The seed's access privileges (SNMP-06). */
    public enum AccessPrivilege {
        ReadOnly(true, false, false), ReadWrite(true, true, false), ReadWriteNotify(true, true, true),
        NotifyOnly(false, false, true), ReadNotifyOnly(true, false, true), None(false, false, false);

        public final boolean read;
        public final boolean write;
        public final boolean notify;

        AccessPrivilege(boolean read, boolean write, boolean notify) {
            this.read = read;
            this.write = write;
            this.notify = notify;
        }

        public static AccessPrivilege parse(String text) {
            String t = Validate.required("accessprivilege", text).trim();
            for (AccessPrivilege p : values()) {
                if (p.name().equalsIgnoreCase(t)) {
                    return p;
                }
            }
            throw Validate.fail("accessprivilege", text,
                    "must be one of ReadOnly, ReadWrite, ReadWriteNotify, NotifyOnly, ReadNotifyOnly, None");
        }
    }

    /** A v3 user. {@code hosts}: addresses accepted (empty = every host). */
    public record User(String name, AuthProtocol auth, String authSealed, PrivProtocol priv, String privSealed,
            AccessPrivilege access, List<String> hosts) {
        public User {
            Objects.requireNonNull(name);
            hosts = List.copyOf(hosts);
            if (auth == AuthProtocol.NONE && priv != PrivProtocol.NONE) {
                throw Validate.fail("privprotocol", priv.word, "needs an authprotocol (privacy without authentication "
                        + "is not a USM security level)");
            }
        }

        /** noAuthNoPriv, authNoPriv or authPriv. */
        public String level() {
            return auth == AuthProtocol.NONE ? "noAuthNoPriv" : priv == PrivProtocol.NONE ? "authNoPriv" : "authPriv";
        }
    }

    /** A v1/v2c community: {@code name} labels it (the string itself is secret). */
    public record Community(String name, String sealed, AccessPrivilege access, List<String> hosts) {
        public Community {
            hosts = List.copyOf(hosts);
        }
    }

    /** The kinds of notification destinations. */
    public enum Kind {
        TRAP3("trap3"), INFORM3("inform3"), NOTIFY1("notify1"), NOTIFY2C("notify2c");

        public final String id;

        Kind(String id) {
            this.id = id;
        }

        public static Kind parse(String text) {
            for (Kind k : values()) {
                if (k.id.equalsIgnoreCase(text)) {
                    return k;
                }
            }
            throw Validate.fail("kind", text, "must be one of trap3, inform3, notify1, notify2c");
        }
    }

    /**
     * A notification destination: v3 trap (user), v3 inform (user, remote engine ID), v1 trap or v2c trap/inform
     * (sealed community).
     */
    public record Destination(Kind kind, String ip, int port, String username, String engineId, boolean inform,
            String communitySealed) {

        /** The id {@code <kind>/<ip>/<port>}. */
        public String id() {
            return kind.id + "/" + ip + "/" + port;
        }
    }

    SnmpSettings withListener(String a, int p) {
        return new SnmpSettings(a, p, sysContact, sysLocation, users, communities, destinations);
    }

    SnmpSettings withMib2(String contact, String location) {
        return new SnmpSettings(address, port, contact, location, users, communities, destinations);
    }

    SnmpSettings withUsers(List<User> u) {
        return new SnmpSettings(address, port, sysContact, sysLocation, u, communities, destinations);
    }

    SnmpSettings withCommunities(List<Community> c) {
        return new SnmpSettings(address, port, sysContact, sysLocation, users, c, destinations);
    }

    SnmpSettings withDestinations(List<Destination> d) {
        return new SnmpSettings(address, port, sysContact, sysLocation, users, communities, d);
    }

    java.util.Optional<User> user(String name) {
        return users.stream().filter(u -> u.name().equals(name)).findFirst();
    }

    java.util.Optional<Community> community(String name) {
        return communities.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    java.util.Optional<Destination> destination(String id) {
        return destinations.stream().filter(d -> d.id().equals(id)).findFirst();
    }

    // ---- validation shared by the shell, JMX and the configuration store

    static String username(String value) {
        return Validate.name("username", value, 32, USERNAME, "letters, digits, '-' and '_'");
    }

    static String communityName(String value) {
        return Validate.name("name", value, 32, COMMUNITY_NAME, "letters, digits, '.', '-' and '_'");
    }

    /** A passphrase of at least 8 characters (SNMP-03, SNMP-05); refusals never show it. */
    static char[] passphrase(String parameter, char[] value) {
        if (value == null || value.length < 8) {
            throw Validate.fail(parameter, SecretBox.MASK, "must contain at least 8 characters");
        }
        if (value.length > 128) {
            throw Validate.fail(parameter, SecretBox.MASK, "is longer than 128 characters");
        }
        return value;
    }

    /** A community string: 1-32 printable characters without spaces; refusals never show it. */
    static char[] communityString(char[] value) {
        if (value == null || value.length == 0 || value.length > 32) {
            throw Validate.fail("community-string", SecretBox.MASK, "must have 1-32 characters");
        }
        for (char c : value) {
            if (c <= 0x20 || c >= 0x7f) {
                throw Validate.fail("community-string", SecretBox.MASK, "may contain only printable characters "
                        + "without spaces");
            }
        }
        return value;
    }

    static String ip(String parameter, String value) {
        Validate.required(parameter, value);
        if (!LITERAL.matcher(value).matches()) {
            throw Validate.fail(parameter, value, "must be a literal IPv4 or IPv6 address");
        }
        try {
            return InetAddress.getByName(value).getHostAddress();
        } catch (UnknownHostException e) {
            throw Validate.fail(parameter, value, "must be a literal IPv4 or IPv6 address");
        }
    }

    static boolean isLiteral(String value) {
        return value != null && LITERAL.matcher(value).matches();
    }

    /** Accepted hosts, space or comma separated; empty = every host (SNMP-07). At most 8. */
    static List<String> hosts(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String h : text.trim().split("[,\\s]+")) {
            out.add(ip("ipaddress", h));
        }
        if (out.size() > 8) {
            throw Validate.fail("ipaddress", text, "names more than 8 hosts");
        }
        return out;
    }

    static int port(String parameter, int value) {
        return Validate.range(parameter, value, 1, 65535);
    }

    /** A remote snmpEngineID, 5-32 octets in hexadecimal (RFC 3411), as {@code 80001f88...} in lower case. */
    static String engineId(String value) {
        Validate.required("engineid", value);
        String t = value.trim();
        if (!HEX.matcher(t).matches()) {
            throw Validate.fail("engineid", value, "must be hexadecimal octets");
        }
        String hex = t.replace(":", "").replaceFirst("^0x", "").toLowerCase(Locale.ROOT);
        if (hex.length() % 2 != 0 || hex.length() < 10 || hex.length() > 64) {
            throw Validate.fail("engineid", value, "must have 5-32 octets");
        }
        return hex;
    }

    static byte[] engineIdBytes(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static String text(String parameter, String value, int max) {
        String v = value == null ? "" : value;
        if (v.length() > max) {
            throw Validate.fail(parameter, v, "is longer than " + max + " characters");
        }
        if (v.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw Validate.fail(parameter, v, "may not contain control characters");
        }
        return v;
    }

    static void wipe(char[] secret) {
        if (secret != null) {
            Arrays.fill(secret, '\0');
        }
    }
}
