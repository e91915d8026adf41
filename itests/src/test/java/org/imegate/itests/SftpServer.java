package org.imegate.itests;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real OpenSSH SFTP server for DRS network devices (Debian {@code openssh-server}, {@code openssh-sftp-server}),
 * owned by the test: its own {@code sshd -D} on a loopback address and a free high port, its own host key and
 * configuration (password authentication only, {@code ForceCommand internal-sftp}, no PAM), and one account,
 * {@value #USER}, created for it with a random password. The backup directory {@link #directory()} belongs to
 * that account. sshd runs as root (privilege separation), so the test must run as root, as CI does.
 * {@link #stop()} kills the daemon by its pid; {@link #close()} also removes the account.
 */
public final class SftpServer implements AutoCloseable {
    /** The account the appliance logs in with. */
    public static final String USER = "imegate-drs-it";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path home;
    private final String address;
    private final int port;
    private final String password;
    private final Path backups;
    private Peer sshd;

    private SftpServer(Path home, String address, int port, String password, Path backups) {
        this.home = home;
        this.address = address;
        this.port = port;
        this.password = password;
        this.backups = backups;
    }

    /**
     * Prepares (account, host key, configuration, directory under {@code work}, which the account must be able to
     * traverse, as the build directory is) and starts the server on {@code address}.
     */
    public static SftpServer start(Path work, String address) throws IOException, InterruptedException {
        if (!"0".equals(run(List.of("id", "-u")).trim())) {
            throw new AssertionError("the DRS SFTP tests start their own sshd, which needs root (CI runs them as"
                    + " root); run the tests as root");
        }
        Path sshd = Path.of("/usr/sbin/sshd");
        if (!Files.isExecutable(sshd) || !Files.exists(Path.of("/usr/lib/openssh/sftp-server"))) {
            throw new AssertionError("OpenSSH server missing: apt-get install openssh-server openssh-sftp-server"
                    + " (scripts/test-all installs it)");
        }
        // readable by the account: every parent of the backup directory must be traversable
        Path home = work.resolve("sftp-" + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE));
        Files.createDirectories(home);
        for (Path p = home; p != null && p.startsWith(work); p = p.getParent()) {
            try {
                java.util.Set<java.nio.file.attribute.PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                perms.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
                Files.setPosixFilePermissions(p, perms);
            } catch (IOException e) {
                // a directory the test cannot change (it is traversable already, or the login fails clearly)
            }
        }
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random(18));
        if (run(List.of("getent", "passwd", USER)).isBlank()) {
            run(List.of("useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent", "--shell",
                    "/usr/sbin/nologin", USER));
        }
        Process chpasswd = new ProcessBuilder("chpasswd").redirectErrorStream(true).start();
        chpasswd.getOutputStream().write((USER + ":" + password + "\n").getBytes(StandardCharsets.UTF_8));
        chpasswd.getOutputStream().close();
        if (!chpasswd.waitFor(30, TimeUnit.SECONDS) || chpasswd.exitValue() != 0) {
            throw new IOException("chpasswd failed: " + new String(chpasswd.getInputStream().readAllBytes()));
        }
        Path backups = home.resolve("backups");
        Files.createDirectories(backups);
        run(List.of("chown", USER + ":", backups.toString()));
        Files.setPosixFilePermissions(backups, PosixFilePermissions.fromString("rwx------"));
        Path hostKey = home.resolve("ssh_host_ed25519_key");
        run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "imegate-drs-it", "-f", hostKey.toString()));
        int port = freePort(address);
        Path config = home.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "ListenAddress " + address,
                "Port " + port,
                "HostKey " + hostKey,
                "PidFile " + home.resolve("sshd.pid"),
                "AuthorizedKeysFile none",
                "PubkeyAuthentication no",
                "PasswordAuthentication yes",
                "KbdInteractiveAuthentication no",
                "PermitEmptyPasswords no",
                "UsePAM no",
                "PermitRootLogin no",
                "AllowUsers " + USER,
                "StrictModes no",
                "AllowTcpForwarding no",
                "X11Forwarding no",
                "Subsystem sftp internal-sftp",
                "ForceCommand internal-sftp",
                "LogLevel VERBOSE",
                ""));
        // privilege separation directory of a root sshd (the package does not start the daemon, so nothing made it)
        Files.createDirectories(Path.of("/run/sshd"));
        SftpServer server = new SftpServer(home, address, port, password, backups);
        server.startDaemon();
        return server;
    }

    /** Starts (again) the daemon with the same key, account and port. */
    public void startDaemon() throws IOException, InterruptedException {
        if (sshd != null) {
            throw new IllegalStateException("sshd already running");
        }
        run(List.of("/usr/sbin/sshd", "-t", "-f", home.resolve("sshd_config").toString()));
        sshd = Peer.start("sshd", home, List.of("/usr/sbin/sshd", "-D", "-e", "-f",
                home.resolve("sshd_config").toString()));
        sshd.awaitListening(new InetSocketAddress(address, port), Duration.ofSeconds(30));
    }

    /** Kills the daemon (by its pid); the port stays free until {@link #startDaemon()}. */
    public void stop() throws InterruptedException {
        if (sshd != null) {
            sshd.close();
            sshd = null;
        }
    }

    @Override
    public void close() throws InterruptedException, IOException {
        stop();
        try {
            run(List.of("userdel", USER));
        } catch (IOException e) {
            System.err.println("SftpServer: cannot remove account " + USER + ": " + e.getMessage());
        }
    }

    public String address() {
        return address;
    }

    public int port() {
        return port;
    }

    public String user() {
        return USER;
    }

    /** The account's password (random for this server). */
    public String password() {
        return password;
    }

    /** The backup directory, owned by the account. */
    public Path directory() {
        return backups;
    }

    /** The file names in the backup directory, sorted. */
    public List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(backups)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    public String log() throws IOException {
        return sshd == null ? "(not running)" : sshd.log();
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static int freePort(String address) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return s.getLocalPort();
        }
    }

    static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(command + " did not finish");
        }
        if (p.exitValue() != 0 && !(command.get(0).equals("getent") && p.exitValue() == 2)) {
            throw new IOException(command + " failed with " + p.exitValue() + ": " + out);
        }
        return out;
    }

    /** The console command that creates a network device on this server's directory (the password is asked). */
    public String deviceCommand(String device, int backups) {
        return "drs:device-network --port " + port + " '" + device + "' " + directory() + " " + address + " " + USER
                + " " + backups;
    }
}
