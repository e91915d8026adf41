package org.imegate.drs.archive;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The {@code MANIFEST} of an archive ({@link ArchiveFormat}): written once, parsed strictly. */
public record Manifest(String version, Instant created, String server, String tarfile, int iterations, byte[] salt,
        String keyCheck, int segment, List<Component> components) {

    private static final Pattern COMPONENT = Pattern.compile(org.imegate.api.drs.DrsComponent.NAME_PATTERN);
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    /** One component's line of the manifest. */
    public record Component(String name, String description, long entries, long size, String sha256,
            byte[] nonce, Set<String> storePaths) {
    }

    public Manifest {
        components = List.copyOf(components);
    }

    /** The manifest text, UTF-8. */
    public byte[] toBytes() {
        StringBuilder b = new StringBuilder();
        line(b, "format", ArchiveFormat.FORMAT);
        line(b, "product", ArchiveFormat.PRODUCT);
        line(b, "version", version);
        line(b, "feature", ArchiveFormat.FEATURE);
        line(b, "created", created.toString());
        line(b, "server", server);
        line(b, "tarfile", tarfile);
        line(b, "kdf", ArchiveFormat.KDF);
        line(b, "kdf.iterations", Integer.toString(iterations));
        line(b, "kdf.salt", Base64.getEncoder().encodeToString(salt));
        line(b, "key.check", keyCheck);
        line(b, "cipher", ArchiveFormat.CIPHER);
        line(b, "cipher.segment", Integer.toString(segment));
        line(b, "components", String.join(",", components.stream().map(Component::name).toList()));
        for (Component c : components) {
            String p = "component." + c.name() + ".";
            line(b, p + "description", c.description());
            line(b, p + "entries", Long.toString(c.entries()));
            line(b, p + "size", Long.toString(c.size()));
            line(b, p + "sha256", c.sha256());
            line(b, p + "nonce", Base64.getEncoder().encodeToString(c.nonce()));
            line(b, p + "store-paths", String.join(",", new TreeSet<>(c.storePaths())));
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder b, String key, String value) {
        b.append(key).append('=').append(value.replaceAll("[\\p{Cntrl}]", " ")).append('\n');
    }

    /**
     * Parses a manifest; anything missing, repeated or out of form is {@link ArchiveException.Kind#DAMAGED}
     * (the MAC, checked afterwards, tells whether it was altered).
     */
    public static Manifest parse(byte[] bytes) throws ArchiveException {
        Map<String, String> kv = new LinkedHashMap<>();
        String text = new String(bytes, StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw damaged("line without '=': " + abbreviate(line));
            }
            if (kv.put(line.substring(0, eq), line.substring(eq + 1)) != null) {
                throw damaged("key " + line.substring(0, eq) + " is given twice");
            }
        }
        String format = get(kv, "format");
        if (!format.equals(ArchiveFormat.FORMAT)) {
            throw new ArchiveException(ArchiveException.Kind.INCOMPATIBLE, "archive format " + abbreviate(format)
                    + " is not " + ArchiveFormat.FORMAT);
        }
        expect(kv, "product", ArchiveFormat.PRODUCT);
        expect(kv, "kdf", ArchiveFormat.KDF);
        expect(kv, "cipher", ArchiveFormat.CIPHER);
        String tarfile = get(kv, "tarfile");
        if (!ArchiveFormat.TARFILE.matcher(tarfile).matches()) {
            throw damaged("tarfile " + abbreviate(tarfile) + " is not yyyy-mm-dd-hh-mm-ss");
        }
        Instant created;
        try {
            created = Instant.parse(get(kv, "created"));
        } catch (java.time.format.DateTimeParseException e) {
            throw damaged("created is not an ISO-8601 instant");
        }
        int iterations = (int) number(kv, "kdf.iterations", ArchiveFormat.KDF_ITERATIONS_MIN,
                ArchiveFormat.KDF_ITERATIONS_MAX);
        byte[] salt = base64(kv, "kdf.salt", 16, 64);
        String keyCheck = get(kv, "key.check");
        int segment = (int) number(kv, "cipher.segment", 4096, 16 << 20);
        List<Component> components = new ArrayList<>();
        String list = get(kv, "components");
        Set<String> seen = new TreeSet<>();
        for (String name : list.isEmpty() ? new String[0] : list.split(",")) {
            if (!COMPONENT.matcher(name).matches() || !seen.add(name)) {
                throw damaged("component name " + abbreviate(name) + " is not valid or repeated");
            }
            String p = "component." + name + ".";
            String sha = get(kv, p + "sha256");
            if (!HEX64.matcher(sha).matches()) {
                throw damaged(p + "sha256 is not a SHA-256");
            }
            String paths = get(kv, p + "store-paths");
            Set<String> storePaths = new TreeSet<>();
            for (String path : paths.isEmpty() ? new String[0] : paths.split(",")) {
                if (!EntryPaths.valid(path)) {
                    throw new ArchiveException(ArchiveException.Kind.TRAVERSAL, p + "store-paths holds "
                            + abbreviate(path));
                }
                storePaths.add(path);
            }
            components.add(new Component(name, get(kv, p + "description"),
                    number(kv, p + "entries", 0, Long.MAX_VALUE), number(kv, p + "size", 0, Long.MAX_VALUE), sha,
                    base64(kv, p + "nonce", SegmentedGcm.PREFIX, SegmentedGcm.PREFIX), storePaths));
        }
        return new Manifest(get(kv, "version"), created, get(kv, "server"), tarfile, iterations, salt, keyCheck,
                segment, components);
    }

    /** The component named {@code name}, or null. */
    public Component component(String name) {
        return components.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    private static String get(Map<String, String> kv, String key) throws ArchiveException {
        String v = kv.get(key);
        if (v == null) {
            throw damaged("key " + key + " is missing");
        }
        return v;
    }

    private static void expect(Map<String, String> kv, String key, String value) throws ArchiveException {
        String v = get(kv, key);
        if (!v.equals(value)) {
            throw new ArchiveException(ArchiveException.Kind.INCOMPATIBLE, key + " " + abbreviate(v) + " is not "
                    + value);
        }
    }

    private static long number(Map<String, String> kv, String key, long min, long max) throws ArchiveException {
        String v = get(kv, key);
        try {
            long n = Long.parseLong(v);
            if (n < min || n > max) {
                throw damaged(key + " " + n + " out of range " + min + "-" + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw damaged(key + " is not a number");
        }
    }

    private static byte[] base64(Map<String, String> kv, String key, int min, int max) throws ArchiveException {
        try {
            byte[] b = Base64.getDecoder().decode(get(kv, key));
            if (b.length < min || b.length > max) {
                throw damaged(key + " has " + b.length + " bytes");
            }
            return b;
        } catch (IllegalArgumentException e) {
            throw damaged(key + " is not base64");
        }
    }

    private static ArchiveException damaged(String why) {
        return new ArchiveException(ArchiveException.Kind.DAMAGED, "the manifest is damaged: " + why);
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Manifest m && Arrays.equals(toBytes(), m.toBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }
}
