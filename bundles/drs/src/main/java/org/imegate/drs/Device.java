package org.imegate.drs;

import java.util.Locale;
import java.util.Optional;

/**
 * A backup device (catalogue §7.2): a local directory of the appliance, or a directory on an SFTP server. The
 * SFTP password is kept sealed ({@code ENC(...)}); the server's host key fingerprint is recorded when the device
 * is created and checked at every later connection.
 */
public record Device(String name, Type type, int numberOfBackups, String path, String server, int port,
        String username, String sealedPassword, String hostKey) {

    /** Local or network device; the {@code type} word of {@code backup} and {@code restore}. */
    public enum Type {
        LOCAL, NETWORK;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static Device local(String name, int numberOfBackups) {
        return new Device(name, Type.LOCAL, numberOfBackups, null, null, 0, null, null, null);
    }

    public boolean network() {
        return type == Type.NETWORK;
    }

    public Optional<String> hostKeyFingerprint() {
        return Optional.ofNullable(hostKey);
    }

    /** {@code user@server:port:path}, for logs and status (never the password). */
    public String location() {
        return network() ? username + "@" + server + ":" + port + ":" + path : "local";
    }
}
