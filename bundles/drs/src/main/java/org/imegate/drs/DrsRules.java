package org.imegate.drs;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.regex.Pattern;
import org.imegate.api.validation.Validate;
import org.imegate.drs.archive.ArchiveFormat;

/** The rules of the seed for DRS names and values (catalogue §7.2-§7.5, UND-13), in one place for shell and JMX. */
public final class DrsRules {
    public static final int MAX_DEVICES = 10;
    public static final int MAX_SCHEDULES = 10;
    public static final int MAX_NAME = 64;
    public static final int MIN_BACKUPS = 1;
    public static final int MAX_BACKUPS = 14;
    public static final int MIN_PASSWORD = 8;
    public static final int MAX_PASSWORD = 64;
    /** The only feature of this appliance ({@code featurelist}). */
    public static final String FEATURE = ArchiveFormat.FEATURE;
    /** The seed's rule for device names, also applied to schedule names. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9 _-]+");
    static final String NAME_RULE = "alphanumeric characters, spaces, '-' and '_'";
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:_\\[\\]-]{1,253}");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._-][A-Za-z0-9._@-]{0,63}");
    private static final Pattern REMOTE_PATH = Pattern.compile("[^\\p{Cntrl}]{1,255}");
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("uuuu/MM/dd-HH:mm", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);

    private DrsRules() {
    }

    public static String deviceName(String name) {
        return name("device_name", name);
    }

    public static String scheduleName(String name) {
        return name("schedulename", name);
    }

    private static String name(String parameter, String name) {
        Validate.name(parameter, name, MAX_NAME, NAME, NAME_RULE);
        if (name.isBlank() || !name.equals(name.strip())) {
            throw Validate.fail(parameter, name, "may not start or end with a space");
        }
        return name;
    }

    public static int numberOfBackups(int n) {
        return Validate.range("number_of_backups", n, MIN_BACKUPS, MAX_BACKUPS);
    }

    public static int numberOfBackups(String text) {
        return Validate.parseInt("number_of_backups", text, MIN_BACKUPS, MAX_BACKUPS);
    }

    /** {@code featurelist}: {@code IME} (case-insensitive), the only feature of the appliance. */
    public static String featureList(String features) {
        Validate.required("featurelist", features);
        for (String f : features.split(",")) {
            if (!f.trim().equalsIgnoreCase(FEATURE)) {
                throw Validate.fail("featurelist", features, "must be " + FEATURE
                        + " (the only feature of this appliance)");
            }
        }
        return FEATURE;
    }

    /** {@code yyyy/mm/dd-hh:mm}, 24-hour clock. */
    public static LocalDateTime dateTime(String text) {
        Validate.required("datetime", text);
        try {
            return LocalDateTime.parse(text.trim(), DATETIME);
        } catch (DateTimeParseException e) {
            throw Validate.fail("datetime", text, "must be yyyy/mm/dd-hh:mm (24-hour clock), a real date and time");
        }
    }

    public static String dateTime(LocalDateTime t) {
        return DATETIME.format(t);
    }

    public static Schedule.Frequency frequency(String text) {
        return Validate.oneOf("frequency", text, Schedule.Frequency.class);
    }

    public static Device.Type type(String text) {
        return Validate.oneOf("type", text, Device.Type.class);
    }

    /** {@code tarfilename}: {@code yyyy-mm-dd-hh-mm-ss}, without extension (a given .tar.gz is dropped). */
    public static String tarFilename(String text) {
        Validate.required("tarfilename", text);
        String t = text.trim();
        if (t.endsWith(ArchiveFormat.EXTENSION)) {
            t = t.substring(0, t.length() - ArchiveFormat.EXTENSION.length());
        }
        if (!ArchiveFormat.TARFILE.matcher(t).matches()) {
            throw Validate.fail("tarfilename", text, "must be the backup's name without extension,"
                    + " yyyy-mm-dd-hh-mm-ss (e.g. 2008-01-21-18-25-03)");
        }
        return t;
    }

    public static String server(String server) {
        Validate.required("server_name", server);
        if (!HOST.matcher(server).matches()) {
            throw Validate.fail("server_name", server, "must be a host name or an IP address");
        }
        return server;
    }

    public static int port(int port) {
        return Validate.range("port", port, 1, 65535);
    }

    public static String username(String user) {
        Validate.required("username", user);
        if (!USER.matcher(user).matches()) {
            throw Validate.fail("username", user, "must be 1-64 letters, digits, '.', '_', '-' or '@'");
        }
        return user;
    }

    /** A remote directory: 1-255 characters, no control characters, no {@code ..} segment. */
    public static String remotePath(String path) {
        Validate.required("path", path);
        if (!REMOTE_PATH.matcher(path).matches()) {
            throw Validate.fail("path", path, "must be 1-255 characters without control characters");
        }
        for (String segment : path.replace('\\', '/').split("/")) {
            if (segment.equals("..")) {
                throw Validate.fail("path", path, "may not contain '..'");
            }
        }
        return path;
    }

    public static char[] securityPassword(char[] password) {
        if (password == null || password.length == 0) {
            throw Validate.fail("password", "", "is required");
        }
        if (password.length < MIN_PASSWORD || password.length > MAX_PASSWORD) {
            throw Validate.fail("password", org.imegate.api.secret.SecretBox.MASK, "must be " + MIN_PASSWORD + "-"
                    + MAX_PASSWORD + " characters long");
        }
        for (char c : password) {
            if (c < 0x20 || c == 0x7f) {
                throw Validate.fail("password", org.imegate.api.secret.SecretBox.MASK,
                        "may not contain control characters");
            }
        }
        return password;
    }
}
