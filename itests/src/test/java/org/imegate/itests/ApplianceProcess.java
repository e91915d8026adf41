package org.imegate.itests;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The appliance as an operator runs it: the distribution tar.gz unpacked into a fresh directory, started with
 * {@code bin/start}, driven over the ssh console ({@code bin/client}) and JMX, stopped with {@code bin/stop}.
 * <p>
 * Every listener is on 127.0.0.1 with free ports picked at {@link #create}; two users are added with random
 * passwords ({@link #ADMIN} in the admin group, {@link #VIEWER} in the viewer group). Passwords stay in this
 * object; they are never logged (note that {@code bin/client -p} puts them on a short-lived command line).
 * <pre>
 * try (ApplianceProcess appliance = ApplianceProcess.create(assembly, workDir).start()) {
 *     String out = appliance.exec(ApplianceProcess.ADMIN, "feature:list -i");
 *     try (JMXConnector c = appliance.jmx(ApplianceProcess.VIEWER)) { ... }
 * }
 * </pre>
 * Every wait is bounded by a deadline. A JVM shutdown hook kills the Karaf JVM if the test JVM exits while it
 * is still running; {@link #close()} stops it otherwise.
 */
public final class ApplianceProcess implements AutoCloseable {

    public static final String ADMIN = "itadmin";
    public static final String VIEWER = "itviewer";
    public static final String LOOPBACK = "127.0.0.1";
    /** {@code bin/start} until the console answers with the imegate feature Started. */
    public static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern IMEGATE_STARTED = Pattern.compile("(?m)^\\s*imegate\\s.*\\bStarted\\b");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path home;
    private final int sshPort;
    private final int rmiRegistryPort;
    private final int rmiServerPort;
    private final String instanceName;
    private final Map<String, String> passwords;
    private volatile long pid = -1;
    private Thread killer;

    /** The result of one console command. */
    public static final class Result {
        public final int exitCode;
        public final String stdout;
        public final String stderr;

        Result(int exitCode, String stdout, String stderr) {
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private ApplianceProcess(Path home, int sshPort, int rmiRegistryPort, int rmiServerPort, String instanceName,
            Map<String, String> passwords) {
        this.home = home;
        this.sshPort = sshPort;
        this.rmiRegistryPort = rmiRegistryPort;
        this.rmiServerPort = rmiServerPort;
        this.instanceName = instanceName;
        this.passwords = passwords;
    }

    /**
     * Unpacks {@code assembly} into a new directory under {@code workDir}, binds ssh and JMX to free loopback
     * ports and adds the admin and viewer users. Nothing is started yet.
     */
    public static ApplianceProcess create(Path assembly, Path workDir) throws IOException {
        Files.createDirectories(workDir);
        Path home = Files.createTempDirectory(workDir, "appliance-");
        untar(assembly, home);
        for (String script : List.of("karaf", "start", "stop", "client", "status", "shell", "inc", "setenv")) {
            Path p = home.resolve("bin").resolve(script);
            if (Files.exists(p)) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                perms.addAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_READ));
                Files.setPosixFilePermissions(p, perms);
            }
        }
        int ssh = freePort();
        int registry = freePort();
        int server = freePort();
        while (registry == ssh) {
            registry = freePort();
        }
        while (server == ssh || server == registry) {
            server = freePort();
        }
        Path etc = home.resolve("etc");
        setProperty(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort", Integer.toString(ssh));
        setProperty(etc.resolve("org.apache.karaf.shell.cfg"), "sshHost", LOOPBACK);
        Path management = etc.resolve("org.apache.karaf.management.cfg");
        setProperty(management, "rmiRegistryPort", Integer.toString(registry));
        setProperty(management, "rmiServerPort", Integer.toString(server));
        setProperty(management, "rmiRegistryHost", LOOPBACK);
        setProperty(management, "rmiServerHost", LOOPBACK);

        Map<String, String> passwords = new HashMap<>();
        passwords.put(ADMIN, randomPassword());
        passwords.put(VIEWER, randomPassword());
        Path users = etc.resolve("users.properties");
        List<String> lines = new ArrayList<>(Files.readAllLines(users, StandardCharsets.ISO_8859_1));
        lines.add("");
        lines.add("# added by the integration-test harness, random passwords");
        lines.add(ADMIN + " = " + passwords.get(ADMIN) + ",_g_:admingroup");
        lines.add(VIEWER + " = " + passwords.get(VIEWER) + ",_g_:viewergroup");
        if (lines.stream().noneMatch(l -> l.startsWith("_g_\\:admingroup"))) {
            lines.add("_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh");
        }
        if (lines.stream().noneMatch(l -> l.startsWith("_g_\\:viewergroup"))) {
            lines.add("_g_\\:viewergroup = group,viewer,ssh");
        }
        Files.write(users, lines, StandardCharsets.ISO_8859_1);

        // an ssh key for the admin, for interactive console sessions (ssh -tt) that paste input
        Path key = home.resolve("it-ssh-key");
        runTool(List.of("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-C", ADMIN, "-f", key.toString()));
        String publicKey = Files.readString(home.resolve("it-ssh-key.pub")).trim().split("\\s+")[1];
        Files.writeString(etc.resolve("keys.properties"), "\n" + ADMIN + "=" + publicKey + ",_g_:admingroup\n",
                StandardOpenOption.APPEND);

        Properties system = new Properties();
        try (InputStream in = Files.newInputStream(etc.resolve("system.properties"))) {
            system.load(in);
        }
        String name = system.getProperty("karaf.name", "root");
        return new ApplianceProcess(home, ssh, registry, server, name, Collections.unmodifiableMap(passwords));
    }

    /**
     * {@code bin/start}, then waits until the console lists the imegate feature as Started. A boot that
     * does not finish within {@link #BOOT_TIMEOUT} is reported on standard error with its diagnostics
     * (log, thread dump, also kept in {@code boot-failure-1.txt}), stopped, and started once more on the
     * same {@code data/}; a second failure throws.
     */
    public ApplianceProcess start() throws IOException, InterruptedException {
        String first = bootOnce();
        if (first == null) {
            return this;
        }
        Files.writeString(path("boot-failure-1.txt"), first);
        System.err.println("ApplianceProcess: first boot of " + home + " did not finish, starting again; " + first);
        stop();
        String second = bootOnce();
        if (second == null) {
            return this;
        }
        Files.writeString(path("boot-failure-2.txt"), second);
        stop();
        throw new IllegalStateException(second + "\n(an earlier boot failed the same way, see "
                + path("boot-failure-1.txt") + ")");
    }

    /** One {@code bin/start} and wait; {@code null} when the appliance came up, else why it did not. */
    private String bootOnce() throws IOException, InterruptedException {
        if (isRunning()) {
            throw new IllegalStateException("already running as pid " + pid);
        }
        Files.deleteIfExists(pidFile());
        Path out = path("start.out");
        Process start = process(List.of(path("bin", "start").toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile())).start();
        if (!start.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            start.destroyForcibly();
            throw new IllegalStateException("bin/start did not return within " + COMMAND_TIMEOUT);
        }
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        pid = awaitPid(deadline);
        installKiller();
        Result last = null;
        int attempts = 0;
        while (System.nanoTime() < deadline && attempts++ < 400) {
            if (!isRunning()) {
                throw new IllegalStateException("the Karaf JVM " + pid + " exited during boot; karaf.log ends:\n"
                        + logTail(40));
            }
            last = run(ADMIN, "feature:list -i");
            if (last.exitCode == 0 && IMEGATE_STARTED.matcher(last.stdout).find()) {
                awaitModules();
                return null;
            }
            pause(deadline, 500);
        }
        return "the appliance in " + home + " did not come up within " + BOOT_TIMEOUT
                + "; last console attempt: " + last + "\n" + bootDiagnostics();
    }

    /** The MBeans every module registers once its services are up (its commands register with them). */
    static final List<String> MODULE_MBEANS = List.of("org.imegate:type=drs,name=master-agent",
            "org.imegate:type=sip,name=uc-ime", "org.imegate:type=tls,name=proxy",
            "org.imegate:type=media,name=termination", "org.imegate:type=ticket,name=verifier",
            "org.imegate:type=alert,name=engine", "org.imegate:type=snmp,name=agent",
            "org.imegate:type=ime,name=server");

    /**
     * After the feature reports Started, a module's services, MBeans and commands can come a moment later:
     * waits (at most {@link #MODULES_TIMEOUT}) until every module's MBean is registered, so that a test's first
     * command finds its module. What is still missing then is reported on standard error, not thrown: the
     * test's own checks say what it needs.
     */
    private void awaitModules() throws InterruptedException {
        long deadline = System.nanoTime() + MODULES_TIMEOUT.toNanos();
        List<String> missing = MODULE_MBEANS;
        for (int attempt = 0; attempt < 300 && System.nanoTime() < deadline; attempt++) {
            try (javax.management.remote.JMXConnector c = jmx(ADMIN)) {
                javax.management.MBeanServerConnection s = c.getMBeanServerConnection();
                List<String> now = new java.util.ArrayList<>();
                for (String name : MODULE_MBEANS) {
                    if (!s.isRegistered(new javax.management.ObjectName(name))) {
                        now.add(name);
                    }
                }
                missing = now;
                if (missing.isEmpty()) {
                    return;
                }
            } catch (IOException | javax.management.MalformedObjectNameException | SecurityException e) {
                // JMX not answering yet
            }
            pause(deadline, 200);
        }
        System.err.println("ApplianceProcess: " + home + " started without " + missing + " within " + MODULES_TIMEOUT);
    }

    static final Duration MODULES_TIMEOUT = Duration.ofSeconds(60);

    /** {@code bin/stop}; waits for the JVM to exit, and kills it (-9) if it does not within the deadline. */
    public void stop() throws IOException, InterruptedException {
        closeSessions();
        if (pid < 0) {
            return;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isPresent() && handle.get().isAlive()) {
            Process stop = process(List.of(path("bin", "stop").toString()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                            path("stop.out").toFile())).start();
            if (!stop.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                stop.destroyForcibly();
            }
            long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
            while (handle.get().isAlive() && System.nanoTime() < deadline) {
                try {
                    handle.get().onExit().get(1, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    // still alive: the loop checks the deadline
                }
            }
            if (handle.get().isAlive()) {
                System.err.println("ApplianceProcess: pid " + pid + " did not stop within " + STOP_TIMEOUT
                        + ", killing it");
                handle.get().destroyForcibly();
                try {
                    handle.get().onExit().get(10, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    throw new IllegalStateException("pid " + pid + " survived kill -9", e);
                }
            }
        }
        pid = -1;
        removeKiller();
    }

    /** Stops and starts again on the same {@code data/}. */
    public ApplianceProcess restart() throws IOException, InterruptedException {
        stop();
        return start();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop();
    }

    /** Runs one console command as {@code user}; fails unless it exits 0. Returns its standard output. */
    public String exec(String user, String command) throws IOException, InterruptedException {
        Result r = run(user, command);
        if (r.exitCode != 0) {
            throw new AssertionError("'" + command + "' as " + user + " failed: " + r);
        }
        return r.stdout;
    }

    /**
     * An interactive console session of the admin over OpenSSH with a terminal ({@code ssh -tt}), as an
     * operator who pastes certificates and types passphrases at prompts: {@code lines} are typed in order,
     * then {@code logout}. Returns what the terminal showed, without colour and cursor sequences.
     */
    public String interactive(List<String> lines) throws IOException, InterruptedException {
        List<String> cmd = List.of("ssh", "-tt", "-i", path("it-ssh-key").toString(), "-p", Integer.toString(sshPort),
                "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "LogLevel=ERROR", ADMIN + "@" + LOOPBACK);
        Path out = Files.createTempFile(home, "ssh-", ".out");
        try {
            Process p = process(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            try (OutputStream in = p.getOutputStream()) {
                for (String line : lines) {
                    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                }
                in.write("logout\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
                if (!p.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError("interactive session did not end within " + COMMAND_TIMEOUT + ":\n"
                            + Files.readString(out));
                }
            }
            return Files.readString(out).replaceAll("\u001B\\[[0-9;?]*[ -/]*[@-~]", "")
                    .replaceAll("\u001B[=>]", "").replace("\r", "");
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static void runTool(List<String> cmd) throws IOException {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(cmd + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(cmd + " interrupted", e);
        }
    }

    /** Runs one console command as one of the harness's users. */
    public Result run(String user, String command) throws IOException, InterruptedException {
        return runWithPassword(user, password(user), command);
    }

    /**
     * Runs one console command with an explicit password (a wrong one, for instance), over an SSH exec
     * channel of the appliance's console: the command's output, its error text and its exit status
     * (non-zero when the command failed or the login was refused).
     */
    public Result runWithPassword(String user, String password, String command)
            throws IOException, InterruptedException {
        // Karaf's console ends the SSH session when an exec command ends: one session per command
        ClientSession session;
        try {
            session = session(user, password);
        } catch (IOException | RuntimeException refused) {
            return new Result(-1, "", "login refused: " + refused.getMessage());
        }
        try (session; ChannelExec channel = session.createExecChannel(command)) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
            channel.setOut(out);
            channel.setErr(err);
            channel.open().verify(COMMAND_TIMEOUT);
            Set<ClientChannelEvent> ended = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), COMMAND_TIMEOUT);
            String stdout = out.toString(StandardCharsets.UTF_8);
            String stderr = err.toString(StandardCharsets.UTF_8);
            if (!ended.contains(ClientChannelEvent.CLOSED)) {
                return new Result(-1, stdout, stderr + "\n(timed out after " + COMMAND_TIMEOUT + ")");
            }
            Integer status = channel.getExitStatus();
            return new Result(status != null ? status : (stderr.isBlank() ? 0 : 1), stdout, stderr);
        } catch (IOException | RuntimeException e) {
            return new Result(-1, "", "ssh: " + e);
        }
    }

    /**
     * One console command through the distribution's own {@code bin/client} (a JVM per call), as an
     * operator's script runs it; {@link #run} is the fast path the tests use otherwise.
     */
    public Result runWithClient(String user, String command) throws IOException, InterruptedException {
        // pitfall 7: bin/client "cmd" prints only "Closed" without a terminal; batch mode reads stdin
        List<String> cmd = List.of(path("bin", "client").toString(), "-a", Integer.toString(sshPort), "-h", LOOPBACK,
                "-u", user, "-p", password(user), "-r", "1", "-b");
        Path stdout = Files.createTempFile(home, "client-", ".out");
        Path stderr = Files.createTempFile(home, "client-", ".err");
        try {
            Process p = process(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                return new Result(-1, Files.readString(stdout), Files.readString(stderr) + "\n(timed out after "
                        + COMMAND_TIMEOUT + ")");
            }
            return new Result(p.exitValue(), Files.readString(stdout), Files.readString(stderr));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    private SshClient sshClient;

    private synchronized ClientSession session(String user, String password) throws IOException {
        if (sshClient == null) {
            sshClient = SshClient.setUpDefaultClient();
            sshClient.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            sshClient.start();
        }
        ClientSession s = sshClient.connect(user, LOOPBACK, sshPort).verify(COMMAND_TIMEOUT).getSession();
        s.addPasswordIdentity(password);
        try {
            s.auth().verify(COMMAND_TIMEOUT);
        } catch (IOException | RuntimeException e) {
            s.close(true);
            throw e;
        }
        return s;
    }

    private synchronized void closeSessions() {
        if (sshClient != null) {
            sshClient.stop();
            sshClient = null;
        }
    }

    /**
     * Runs {@code command} until its output satisfies {@code condition} or the timeout passes; returns the last
     * output that satisfied it, or throws with the last result.
     */
    public String await(String user, String command, Predicate<String> condition, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Result last = null;
        for (int attempt = 0; attempt < 1000 && System.nanoTime() < deadline; attempt++) {
            last = run(user, command);
            if (last.exitCode == 0 && condition.test(last.stdout)) {
                return last.stdout;
            }
            pause(deadline, 500);
        }
        throw new AssertionError("'" + command + "' did not satisfy the condition within " + timeout + ": " + last);
    }

    public JMXServiceURL jmxUrl() {
        try {
            return new JMXServiceURL("service:jmx:rmi://" + LOOPBACK + ":" + rmiServerPort + "/jndi/rmi://" + LOOPBACK
                    + ":" + rmiRegistryPort + "/karaf-" + instanceName);
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JMX connection as one of the harness's users, through the JDK's RMI connector. */
    public JMXConnector jmx(String user) throws IOException {
        return jmx(user, password(user));
    }

    /** A JMX connection with an explicit password; a wrong one gives a {@link SecurityException}. */
    public JMXConnector jmx(String user, String password) throws IOException {
        Map<String, Object> env = new HashMap<>();
        env.put(JMXConnector.CREDENTIALS, new String[] {user, password});
        return JMXConnectorFactory.connect(jmxUrl(), env);
    }

    /** The TCP sockets the Karaf JVM listens on (from /proc: its socket inodes in LISTEN state). */
    public List<InetSocketAddress> listeningSockets() throws IOException {
        if (!isRunning()) {
            throw new IllegalStateException("not running");
        }
        Set<String> inodes;
        try (Stream<Path> fds = Files.list(Paths.get("/proc", Long.toString(pid), "fd"))) {
            inodes = fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    return "";
                }
            }).filter(l -> l.startsWith("socket:[")).map(l -> l.substring(8, l.length() - 1))
                    .collect(Collectors.toSet());
        }
        List<InetSocketAddress> result = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            Path file = Paths.get("/proc", Long.toString(pid), "net", table);
            if (!Files.exists(file)) {
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && "0A".equals(f[3]) && inodes.contains(f[9])) {
                    result.add(parseProcAddress(f[1]));
                }
            }
        }
        return result;
    }

    private static InetSocketAddress parseProcAddress(String hexAddrPort) throws IOException {
        String[] parts = hexAddrPort.split(":");
        String hex = parts[0];
        byte[] addr = new byte[hex.length() / 2];
        // /proc prints each 32-bit word in host (little-endian) order
        for (int word = 0; word < addr.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int hexIndex = word * 8 + (3 - b) * 2;
                addr[word * 4 + b] = (byte) Integer.parseInt(hex.substring(hexIndex, hexIndex + 2), 16);
            }
        }
        return new InetSocketAddress(InetAddress.getByAddress(addr), Integer.parseInt(parts[1], 16));
    }

    public Path home() {
        return home;
    }

    /** A path inside the instance: {@code path("etc", "users.properties")}. */
    public Path path(String first, String... more) {
        return home.resolve(Paths.get(first, more));
    }

    public long pid() {
        return pid;
    }

    public boolean isRunning() {
        return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    public int sshPort() {
        return sshPort;
    }

    public int rmiRegistryPort() {
        return rmiRegistryPort;
    }

    public int rmiServerPort() {
        return rmiServerPort;
    }

    /**
     * What explains a boot that did not finish: karaf.log without the harness's own SSH logins (its
     * warnings and errors, then its last lines) and the stacks of the threads that install features,
     * start bundles, deliver configuration or are blocked, from {@code jcmd Thread.print}.
     */
    String bootDiagnostics() {
        StringBuilder out = new StringBuilder();
        Path log = path("data", "log", "karaf.log");
        try {
            List<String> all = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
            List<String> quiet = all.stream().filter(l -> !l.contains("ServerSessionImpl")).toList();
            out.append("karaf.log warnings and errors:\n");
            quiet.stream().filter(l -> l.contains("| WARN ") || l.contains("| ERROR")).limit(40)
                    .forEach(l -> out.append(l).append('\n'));
            out.append("karaf.log ends (SSH logins left out):\n");
            quiet.subList(Math.max(0, quiet.size() - 40), quiet.size()).forEach(l -> out.append(l).append('\n'));
        } catch (IOException | UncheckedIOException e) {
            out.append("(cannot read ").append(log).append(": ").append(e).append(")\n");
        }
        try {
            out.append("load: ").append(Files.readString(Path.of("/proc/loadavg")).trim()).append('\n');
        } catch (IOException e) {
            out.append("(no /proc/loadavg)\n");
        }
        out.append("other processes of this user:\n");
        ProcessHandle.allProcesses().filter(h -> h.pid() != ProcessHandle.current().pid())
                .filter(h -> h.info().command().map(c -> c.matches(".*/(java|sipp|stunnel4?|baresip|openssl)$"))
                        .orElse(false))
                .limit(30)
                .forEach(h -> out.append("  ").append(h.pid()).append(' ')
                        .append(h.info().commandLine().orElse("?"), 0,
                                Math.min(160, h.info().commandLine().orElse("?").length())).append('\n'));
        if (pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            try {
                Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print")
                        .redirectErrorStream(true).start();
                String dump;
                try (InputStream in = p.getInputStream()) {
                    dump = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
                Files.writeString(path("thread-dump.txt"), dump);
                out.append("threads of pid ").append(pid).append(" (all in ").append(path("thread-dump.txt"))
                        .append("):\n");
                for (String thread : dump.split("\n\n")) {
                    if (thread.startsWith("\"features") || thread.startsWith("\"FelixStartLevel")
                            || thread.startsWith("\"CM ") || thread.startsWith("\"SCR")
                            || thread.contains("java.lang.Thread.State: BLOCKED")
                            || thread.contains("org.imegate")) {
                        out.append(thread).append("\n\n");
                    }
                }
            } catch (IOException e) {
                out.append("(no thread dump: ").append(e).append(")\n");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return out.toString();
    }

    public String logTail(int lines) {
        Path log = path("data", "log", "karaf.log");
        try {
            List<String> all = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    @Override
    public String toString() {
        return "ApplianceProcess[" + home + ", pid " + pid + ", ssh " + sshPort + ", rmi " + rmiRegistryPort + "/"
                + rmiServerPort + "]";
    }

    private String password(String user) {
        String pw = passwords.get(user);
        if (pw == null) {
            throw new IllegalArgumentException("unknown user " + user + "; the harness has " + passwords.keySet());
        }
        return pw;
    }

    private Path pidFile() {
        return path("karaf.pid");
    }

    /** Karaf's Main writes its pid to ${karaf.base}/karaf.pid (etc/config.properties karaf.pid.file). */
    private long awaitPid(long deadline) throws IOException, InterruptedException {
        try (java.nio.file.WatchService watch = pidFile().getFileSystem().newWatchService()) {
            pidFile().getParent().register(watch, java.nio.file.StandardWatchEventKinds.ENTRY_CREATE,
                    java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY);
            return awaitPid(deadline, watch);
        }
    }

    /** Reads karaf.pid each time the instance directory changes (and at least every 200 ms), until the deadline. */
    private long awaitPid(long deadline, java.nio.file.WatchService watch) throws IOException, InterruptedException {
        for (int attempt = 0; attempt < 1000 && System.nanoTime() < deadline; attempt++) {
            if (Files.exists(pidFile())) {
                String text = Files.readString(pidFile()).trim();
                if (!text.isEmpty()) {
                    long p = Long.parseLong(text);
                    if (ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)) {
                        return p;
                    }
                }
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            java.nio.file.WatchKey key = watch.poll(Math.max(1, Math.min(left, 200)), TimeUnit.MILLISECONDS);
            if (key != null) {
                key.pollEvents();
                key.reset();
            }
        }
        throw new IllegalStateException("no live pid in " + pidFile() + " within " + BOOT_TIMEOUT + "; start.out:\n"
                + (Files.exists(path("start.out")) ? Files.readString(path("start.out")) : "(none)"));
    }

    private void installKiller() {
        removeKiller();
        long target = pid;
        killer = new Thread(() -> ProcessHandle.of(target).ifPresent(ProcessHandle::destroyForcibly),
                "kill-karaf-" + target);
        Runtime.getRuntime().addShutdownHook(killer);
    }

    private void removeKiller() {
        if (killer != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
            killer = null;
        }
    }

    private ProcessBuilder process(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("KARAF_HOME");
        pb.environment().remove("KARAF_BASE");
        pb.environment().remove("KARAF_DATA");
        pb.environment().remove("KARAF_ETC");
        return pb;
    }

    /** One step of a condition loop: waits at most {@code millis}, never past the deadline. */
    /**
     * Waits between two attempts of a polling loop: until the appliance JVM exits (which the loop then
     * reports at once) or {@code millis} pass, never past {@code deadline}.
     */
    private void pause(long deadline, long millis) throws InterruptedException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        Optional<ProcessHandle> jvm = pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
        if (left <= 0 || jvm.isEmpty()) {
            return;
        }
        try {
            jvm.get().onExit().get(Math.min(left, millis), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException stillRunning) {
            // the JVM is up: next attempt
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    static String randomPassword() {
        byte[] raw = new byte[18];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /** Replaces {@code key = ...} in a .cfg file, or appends it. */
    static void setProperty(Path cfg, String key, String value) throws IOException {
        List<String> lines = Files.exists(cfg) ? new ArrayList<>(Files.readAllLines(cfg, StandardCharsets.ISO_8859_1))
                : new ArrayList<>();
        Pattern p = Pattern.compile("^\\s*" + Pattern.quote(key) + "\\s*[=:].*");
        boolean found = false;
        for (int i = 0; i < lines.size(); i++) {
            if (p.matcher(lines.get(i)).matches()) {
                lines.set(i, key + " = " + value);
                found = true;
            }
        }
        if (!found) {
            lines.add(key + " = " + value);
        }
        Files.write(cfg, lines, StandardCharsets.ISO_8859_1);
    }

    /** Unpacks a tar.gz, dropping its top-level directory, keeping modes and symbolic links. */
    static void untar(Path tarGz, Path into) throws IOException {
        Path root = into.toAbsolutePath().normalize();
        Map<Path, Integer> modes = new LinkedHashMap<>();
        try (InputStream file = new BufferedInputStream(Files.newInputStream(tarGz));
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String name = e.getName();
                int slash = name.indexOf('/');
                if (slash < 0 || slash == name.length() - 1) {
                    continue; // the top-level directory itself
                }
                Path target = root.resolve(name.substring(slash + 1)).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("archive entry " + name + " escapes " + root);
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else if (e.isSymbolicLink()) {
                    Files.createDirectories(target.getParent());
                    Files.createSymbolicLink(target, Paths.get(e.getLinkName()));
                    continue;
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                }
                modes.put(target, e.getMode());
            }
        }
        for (Map.Entry<Path, Integer> m : modes.entrySet()) {
            Files.setPosixFilePermissions(m.getKey(), permissions(m.getValue()));
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                s.add(order[bit]);
            }
        }
        // the harness must always be able to read and write what it unpacked
        s.add(PosixFilePermission.OWNER_READ);
        s.add(PosixFilePermission.OWNER_WRITE);
        return s;
    }
}
