package org.imegate.itests;

import static org.ops4j.pax.exam.CoreOptions.systemTimeout;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

/**
 * The one place that boots <em>our</em> distribution (the karaf-assembly tar.gz) under Pax Exam.
 * <p>
 * Use it from a {@code @RunWith(PaxExam.class) @ExamReactorStrategy(PerClass.class)} test:
 * <pre>
 * &#64;Configuration
 * public Option[] config() { return ImegateKarafSupport.options(); }
 * </pre>
 * or {@code ImegateKarafSupport.options(extra...)} to add options. Set by failsafe:
 * {@code imegate.assembly} (the tar.gz), {@code maven.repo.local} (where the container finds the probe's
 * own bundles) and {@code imegate.itest.logLevel} (root log level of the container, default INFO).
 * The unpacked container stays under {@code target/exam/<uuid>} for post-mortem reading.
 */
public final class ImegateKarafSupport {

    /** The per-test bound used by the in-container tests, in milliseconds. */
    public static final long TEST_TIMEOUT_MS = 120_000;

    private ImegateKarafSupport() {
    }

    public static File assembly() {
        String path = System.getProperty("imegate.assembly");
        if (path == null || path.isBlank()) {
            throw new IllegalStateException("system property imegate.assembly (the karaf-assembly tar.gz) is not set;"
                    + " run the tests through Maven (mvn verify)");
        }
        File file = new File(path).getAbsoluteFile();
        if (!file.isFile()) {
            throw new IllegalStateException("the distribution " + file + " does not exist; build karaf-assembly first");
        }
        return file;
    }

    public static File buildDirectory() {
        return new File(System.getProperty("project.build.directory", "target")).getAbsoluteFile();
    }

    public static Option[] options(Option... extra) {
        String repo = System.getProperty("maven.repo.local",
                System.getProperty("user.home") + "/.m2/repository");
        LogLevel level = LogLevel.valueOf(System.getProperty("imegate.itest.logLevel", "INFO").toUpperCase());
        Option[] base = {
            karafDistributionConfiguration()
                    .frameworkUrl(assembly().toURI().toString())
                    .name("imegate")
                    .unpackDirectory(new File(buildDirectory(), "exam"))
                    .useDeployFolder(false),
            keepRuntimeFolder(),
            configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
            logLevel(level),
            systemTimeout(TEST_TIMEOUT_MS),
            // ssh on an ephemeral loopback port: never collides with a running appliance
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", "0"),
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshHost", "127.0.0.1"),
            // Pax Exam also picks free RMI ports; set them explicitly so the intent is visible here
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort",
                    Integer.toString(freePort())),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort",
                    Integer.toString(freePort())),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryHost", "127.0.0.1"),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerHost", "127.0.0.1"),
            // the probe's bundles (exam feature) come from the build's local repository; the appliance itself
            // has no remote repository
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg",
                    "org.ops4j.pax.url.mvn.localRepository", repo),
        };
        Option[] all = new Option[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    /** A currently free TCP port on the loopback interface. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port", e);
        }
    }
}
