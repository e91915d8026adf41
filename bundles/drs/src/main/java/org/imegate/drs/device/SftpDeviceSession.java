package org.imegate.drs.device;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * A directory on an SFTP server (RFC 4251-4254, SFTP v3) as a device, through Apache MINA SSHD: password
 * authentication only (no agent, no keys from the appliance user's home, no ~/.ssh/config), and the server's host
 * key checked against the fingerprint recorded when the device was created.
 */
public final class SftpDeviceSession implements DeviceSession {
    /** Bound of the TCP connection, the SSH handshake and the authentication. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private final String location;
    private final String directory;
    private final String hostKey;
    private final SshClient client;
    private final ClientSession session;
    private final SftpClient sftp;

    private SftpDeviceSession(String location, String directory, String hostKey, SshClient client,
            ClientSession session, SftpClient sftp) {
        this.location = location;
        this.directory = directory;
        this.hostKey = hostKey;
        this.client = client;
        this.session = session;
        this.sftp = sftp;
    }

    /**
     * Connects and authenticates. {@code expectedHostKey} is the recorded {@code SHA256:...} fingerprint, or null
     * to accept the server's key (then {@link #hostKey()} tells it). The directory is not checked here.
     */
    public static SftpDeviceSession connect(String server, int port, String username, char[] password,
            String directory, String expectedHostKey) throws DeviceException {
        String where = username + "@" + server + ":" + port;
        AtomicReference<String> seen = new AtomicReference<>();
        SshClient client = SshClient.setUpDefaultClient();
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setUserAuthFactories(List.of(UserAuthPasswordFactory.INSTANCE));
        client.setServerKeyVerifier((clientSession, remote, key) -> {
            String print = KeyUtils.getFingerPrint(key);
            seen.set(print);
            return expectedHostKey == null || expectedHostKey.equals(print);
        });
        ClientSession session = null;
        try {
            client.start();
            try {
                session = client.connect(username, server, port).verify(CONNECT_TIMEOUT).getSession();
            } catch (IOException | RuntimeException e) {
                throw new DeviceException(DeviceException.Kind.UNREACHABLE, "server " + server + " cannot be reached"
                        + " on port " + port + ": " + reason(e), e);
            }
            session.addPasswordIdentity(new String(password));
            try {
                session.auth().verify(CONNECT_TIMEOUT);
            } catch (IOException | RuntimeException e) {
                if (expectedHostKey != null && seen.get() != null && !expectedHostKey.equals(seen.get())) {
                    throw new DeviceException(DeviceException.Kind.HOST_KEY, "server " + server + ":" + port
                            + " presented host key " + seen.get() + ", not the one recorded with the device ("
                            + expectedHostKey + "); if the server was rebuilt, delete the device and create it again",
                            e);
                }
                if (seen.get() == null) {
                    throw new DeviceException(DeviceException.Kind.UNREACHABLE, "server " + server + ":" + port
                            + " closed the SSH connection: " + reason(e), e);
                }
                throw new DeviceException(DeviceException.Kind.AUTHENTICATION, "server " + server + ":" + port
                        + " refused user " + username + " with this password (wrong user name or password)", e);
            }
            SftpClient sftp;
            try {
                sftp = SftpClientFactory.instance().createSftpClient(session);
            } catch (IOException | RuntimeException e) {
                throw new DeviceException(DeviceException.Kind.IO, "server " + server + ":" + port
                        + " offers no SFTP subsystem to " + username + ": " + reason(e), e);
            }
            return new SftpDeviceSession(where + ":" + directory, directory, seen.get(), client, session, sftp);
        } catch (DeviceException e) {
            closeQuietly(session, client);
            throw e;
        } catch (RuntimeException e) {
            closeQuietly(session, client);
            throw new DeviceException(DeviceException.Kind.IO, "SFTP to " + where + " failed: " + reason(e), e);
        }
    }

    private static void closeQuietly(ClientSession session, SshClient client) {
        try {
            if (session != null) {
                session.close(true);
            }
        } finally {
            client.stop();
        }
    }

    /** The root cause of a connection failure in a few words. */
    public static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof SocketTimeoutException) {
                return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            }
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return "unknown host";
            }
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** The server's host key fingerprint ({@code SHA256:...}). */
    public String hostKey() {
        return hostKey;
    }

    @Override
    public String location() {
        return location;
    }

    /** Checks the directory exists, is a directory and can be written (a probe file is created and removed). */
    public void checkDirectory() throws DeviceException {
        String host = location.substring(location.indexOf('@') + 1, location.length() - directory.length() - 1);
        String user = location.substring(0, location.indexOf('@'));
        try {
            SftpClient.Attributes a = sftp.stat(directory);
            if (!a.isDirectory()) {
                throw new DeviceException(DeviceException.Kind.PATH, "path " + directory + " is not a directory on "
                        + host, null);
            }
        } catch (SftpException e) {
            throw new DeviceException(DeviceException.Kind.PATH, "path " + directory + " does not exist on " + host
                    + " (" + status(e) + "); it must exist before the device is created", e);
        } catch (IOException e) {
            throw io("stat " + directory, e);
        }
        String probe = ".imegate-drs-probe-" + Long.toHexString(System.nanoTime());
        try (OutputStream out = sftp.write(file(probe))) {
            out.write("imegate DRS write check\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new DeviceException(DeviceException.Kind.PATH, "path " + directory + " cannot be written by "
                    + user + " on " + host + " (" + (e instanceof SftpException s ? status(s) : reason(e))
                    + "); the account needs write permission", e);
        }
        try {
            sftp.remove(file(probe));
        } catch (IOException e) {
            throw io("remove the probe file " + probe, e);
        }
    }

    @Override
    public List<BackupFile> list() throws IOException {
        List<BackupFile> out = new ArrayList<>();
        try {
            for (SftpClient.DirEntry e : sftp.readDir(directory)) {
                SftpClient.Attributes a = e.getAttributes();
                if (a.isRegularFile()) {
                    out.add(new BackupFile(e.getFilename(), a.getSize(),
                            a.getModifyTime() == null ? Instant.EPOCH : a.getModifyTime().toInstant()));
                }
            }
        } catch (IOException e) {
            throw io("list " + directory, e);
        }
        out.sort(Comparator.comparing(BackupFile::name));
        return out;
    }

    @Override
    public OutputStream create(String name) throws IOException {
        OutputStream out;
        try {
            out = sftp.write(file(name), SftpClient.OpenMode.Write, SftpClient.OpenMode.Create,
                    SftpClient.OpenMode.Exclusive);
        } catch (IOException e) {
            throw io("create " + name, e);
        }
        try {
            // owner only, as on a local device; a server that refuses to change modes keeps its own
            sftp.setStat(file(name), new SftpClient.Attributes().perms(0600));
        } catch (IOException e) {
            // the archive is encrypted anyway
        }
        return out;
    }

    @Override
    public InputStream open(String name) throws IOException {
        try {
            return sftp.read(file(name));
        } catch (IOException e) {
            throw io("open " + name, e);
        }
    }

    @Override
    public void rename(String from, String to) throws IOException {
        try {
            sftp.rename(file(from), file(to));
        } catch (IOException e) {
            throw io("rename " + from + " to " + to, e);
        }
    }

    @Override
    public void delete(String name) throws IOException {
        try {
            sftp.remove(file(name));
        } catch (SftpException e) {
            if (e.getStatus() != SftpConstants.SSH_FX_NO_SUCH_FILE) {
                throw io("remove " + name, e);
            }
        } catch (IOException e) {
            throw io("remove " + name, e);
        }
    }

    private String file(String name) throws IOException {
        if (name.contains("/") || name.contains("\\") || name.equals("..") || name.equals(".")) {
            throw new IOException("not a plain file name: " + name);
        }
        return directory.endsWith("/") ? directory + name : directory + "/" + name;
    }

    private DeviceException io(String what, IOException e) {
        if (e instanceof DeviceException d) {
            return d;
        }
        String why = e instanceof SftpException s ? status(s) : reason(e);
        return new DeviceException(DeviceException.Kind.IO, "SFTP " + what + " on " + location + " failed: " + why, e);
    }

    private static String status(SftpException e) {
        String name = SftpConstants.getStatusName(e.getStatus());
        return e.getMessage() == null ? name : name + ": " + e.getMessage();
    }

    @Override
    public void abort() {
        session.close(true);
    }

    @Override
    public void close() {
        try {
            sftp.close();
        } catch (IOException ignored) {
            // the session goes anyway
        } finally {
            closeQuietly(session, client);
        }
    }
}
