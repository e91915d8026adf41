package org.imegate.api.config;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import org.osgi.service.cm.Configuration;

/**
 * Configuration that operators change through commands is kept where they expect it, in
 * {@code etc/<pid>.cfg} (and {@code etc/<factoryPid>-<name>.cfg} for instances), not only in Karaf's
 * {@code data/} cache, so that it survives {@code bin/karaf clean} and can be read and diffed. As Karaf's
 * own {@code config:*} commands do, the file is written first and the configuration is then updated
 * with the file's name in {@value #FILENAME_PROPERTY}; Karaf's file installer reads files that operators
 * edit. The appliance turns the installer's own write-back off ({@code felix.fileinstall.enableConfigSave}
 * in {@code etc/custom.properties}): it rewrites files in place, which races with a restore replacing them,
 * so files are written, and deleted with their configuration ({@link #delete}), only here. Values are
 * stored as text.
 */
public final class EtcFiles {

    /** The ConfigAdmin property by which Karaf's file installer ties a configuration to its file. */
    public static final String FILENAME_PROPERTY = "felix.fileinstall.filename";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_.-]+");

    private EtcFiles() {
    }

    /** The file of configuration {@code pid}, or of instance {@code name} of factory {@code pid}. */
    public static Path file(String pid, String name) {
        if (!SAFE.matcher(pid).matches() || (name != null && !SAFE.matcher(name).matches())) {
            throw new IllegalArgumentException("not a safe configuration file name: " + pid + " " + name);
        }
        String etc = System.getProperty("karaf.etc", "etc");
        return Paths.get(etc).resolve(name == null ? pid + ".cfg" : pid + "-" + name + ".cfg").toAbsolutePath();
    }

    /**
     * Deletes {@code configuration} and then its file in {@code etc/} (named by {@value #FILENAME_PROPERTY}),
     * so that the configuration does not come back at the next start.
     *
     * @since 1.1
     */
    public static void delete(Configuration configuration) throws IOException {
        Dictionary<String, Object> p = configuration.getProperties();
        Object name = p == null ? null : p.get(FILENAME_PROPERTY);
        configuration.delete();
        if (name != null) {
            Path file;
            try {
                file = Paths.get(java.net.URI.create(name.toString()));
            } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                return;
            }
            Path etc = Paths.get(System.getProperty("karaf.etc", "etc")).toAbsolutePath().normalize();
            if (file.toAbsolutePath().normalize().getParent().equals(etc)) {
                Files.deleteIfExists(file);
            }
        }
    }

    /**
     * Writes {@code values} to the configuration's file ({@link #file(String, String)}; {@code name} is
     * null for a singleton) and then updates {@code configuration} with them, as text.
     */
    public static void save(Configuration configuration, String pid, String name, Dictionary<String, ?> values)
            throws IOException {
        Path file = file(pid, name);
        Properties text = new Properties();
        Dictionary<String, Object> update = new Hashtable<>();
        for (String key : Collections.list(values.keys())) {
            if (key.equals(FILENAME_PROPERTY) || key.equals("service.pid") || key.equals("service.factoryPid")) {
                continue;
            }
            String value = String.valueOf(values.get(key));
            text.setProperty(key, value);
            update.put(key, value);
        }
        StringWriter w = new StringWriter();
        text.store(w, null);
        StringBuilder out = new StringBuilder("# written by imegate; edit with the shell commands or here\n");
        List<String> lines = w.toString().lines().filter(l -> !l.startsWith("#")).sorted().toList();
        lines.forEach(l -> out.append(l).append('\n'));
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, out, StandardCharsets.ISO_8859_1);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        update.put(FILENAME_PROPERTY, file.toUri().toString());
        configuration.update(update);
    }
}
