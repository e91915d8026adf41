package org.imegate.ring;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.imegate.ring.msg.MalformedMessageException;
import org.imegate.ring.msg.Wire;

/**
 * The overlay configuration the bootstrap node signs and distributes (the ring's reduced form of the
 * RFC 6940 §11 configuration document): overlay name, sequence number (seconds since the epoch when
 * issued, so it grows with every change), issue time, banned Node-IDs, message of the day, minimum
 * software version and the storage quota (dictionary entries one writer may keep per storing node).
 */
public record OverlayConfig(String overlayName, long sequence, long issuedMillis, Set<String> banned, String motd,
        String minimumVersion, int storageQuota) {

    public OverlayConfig {
        banned = Set.copyOf(banned);
        motd = motd == null ? "" : motd;
        minimumVersion = minimumVersion == null || minimumVersion.isBlank() ? "0" : minimumVersion;
    }

    /** The document as UTF-8 {@code key=value} lines (java.util.Properties syntax), keys sorted. */
    public byte[] document() {
        TreeMap<String, String> p = new TreeMap<>();
        p.put("overlay", overlayName);
        p.put("sequence", Long.toString(sequence));
        p.put("issued", Long.toString(issuedMillis));
        p.put("banned", String.join(",", new java.util.TreeSet<>(banned)));
        p.put("motd", motd);
        p.put("minimum-version", minimumVersion);
        p.put("storage-quota", Integer.toString(storageQuota));
        return p.entrySet().stream().map(e -> e.getKey() + "=" + escape(e.getValue()))
                .collect(Collectors.joining("\n", "", "\n")).getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String v) {
        StringBuilder b = new StringBuilder();
        for (char c : v.toCharArray()) {
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    public static OverlayConfig parse(byte[] document) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(new String(document, StandardCharsets.UTF_8)));
            Set<String> banned = new LinkedHashSet<>();
            Arrays.stream(p.getProperty("banned", "").split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .map(String::toLowerCase).forEach(banned::add);
            return new OverlayConfig(req(p, "overlay"), Long.parseLong(req(p, "sequence")),
                    Long.parseLong(req(p, "issued")), banned, p.getProperty("motd", ""),
                    p.getProperty("minimum-version", "0"), Integer.parseInt(req(p, "storage-quota")));
        } catch (IOException | NumberFormatException e) {
            throw new MalformedMessageException("overlay configuration: " + e.getMessage());
        }
    }

    private static String req(Properties p, String k) {
        String v = p.getProperty(k);
        if (v == null) {
            throw new MalformedMessageException("overlay configuration without " + k);
        }
        return v;
    }

    /** The signed form: opaque32 document, opaque16 signature. */
    public static byte[] signed(byte[] document, byte[] signature) {
        return new Wire.Out().opaque32(document).opaque16(signature).bytes();
    }

    /** Document and signature of a signed form. */
    public static byte[][] split(byte[] signed) {
        Wire.In in = new Wire.In(signed);
        byte[][] r = {in.opaque32(), in.opaque16()};
        in.end();
        return r;
    }

    /** Compares dotted versions numerically ("1.10" &gt; "1.9"). */
    public static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long u = i < x.length ? num(x[i]) : 0;
            long v = i < y.length ? num(y[i]) : 0;
            if (u != v) {
                return Long.compare(u, v);
            }
        }
        return 0;
    }

    private static long num(String s) {
        String d = s.replaceAll("[^0-9].*$", "");
        return d.isEmpty() ? 0 : Long.parseLong(d.length() > 15 ? d.substring(0, 15) : d);
    }
}
