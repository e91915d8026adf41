package org.imegate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * Drives the appliance as an operator does: {@code bin/start}, the ssh console, JMX with the JDK's client.
 * One appliance for the class, stopped in {@link #stopAppliance()} whatever happened.
 */
public class ApplianceProcessIT {

    private static final ObjectName BUNDLE_MBEAN = objectName("org.apache.karaf:type=bundle,name=root");
    private static ApplianceProcess appliance;

    @Rule
    public Timeout timeout = new Timeout(180, TimeUnit.SECONDS);

    @BeforeClass
    public static void startAppliance() throws Exception {
        Path work = ImegateKarafSupport.buildDirectory().toPath().resolve("appliance");
        appliance = ApplianceProcess.create(ImegateKarafSupport.assembly().toPath(), work);
        try {
            appliance.start();
        } catch (Throwable t) {
            appliance.close();
            throw t;
        }
    }

    @AfterClass
    public static void stopAppliance() throws Exception {
        if (appliance != null) {
            appliance.close();
            assertFalse("Karaf JVM " + appliance.pid() + " still running", appliance.isRunning());
        }
    }

    @Test
    public void consoleListsImegateStarted() throws Exception {
        // through the distribution's own bin/client, as an operator's script does
        ApplianceProcess.Result r = appliance.runWithClient(ApplianceProcess.ADMIN, "feature:list -i");
        assertEquals(r.toString(), 0, r.exitCode);
        String out = r.stdout;
        assertTrue(out, Pattern.compile("(?m)^\\s*imegate\\s.*\\bStarted\\b").matcher(out).find());
        assertTrue(out, Pattern.compile("(?m)^\\s*imegate-platform\\s.*\\bStarted\\b").matcher(out).find());
    }

    /** What the harness reports for a boot that does not finish: the log and the boot threads' stacks. */
    @Test
    public void bootDiagnosticsHoldLogAndThreads() throws Exception {
        String d = appliance.bootDiagnostics();
        assertTrue(d, d.contains("karaf.log ends (SSH logins left out):"));
        assertTrue(d, d.contains("\"FelixStartLevel\""));
        assertTrue(d, d.contains("threads of pid " + appliance.pid()));
    }

    @Test
    public void showNameifListsInsideAndOutside() throws Exception {
        String out = appliance.exec(ApplianceProcess.ADMIN, "interfaces:show-nameif");
        assertTrue(out, Pattern.compile("(?m)^inside\\s+127\\.0\\.0\\.2\\s*$").matcher(out).find());
        assertTrue(out, Pattern.compile("(?m)^outside\\s+127\\.0\\.0\\.3\\s*$").matcher(out).find());
    }

    @Test
    public void viewerReadsBundlesOverJmx() throws Exception {
        try (JMXConnector c = appliance.jmx(ApplianceProcess.VIEWER)) {
            CompositeData platform = bundle(c.getMBeanServerConnection(), "org.imegate.platform");
            assertEquals("Active", platform.get("State"));
        }
    }

    @Test
    public void viewerIsRefusedStoppingABundle() throws Exception {
        try (JMXConnector c = appliance.jmx(ApplianceProcess.VIEWER)) {
            MBeanServerConnection mbs = c.getMBeanServerConnection();
            String id = String.valueOf(bundle(mbs, "org.imegate.platform").get("ID"));
            try {
                mbs.invoke(BUNDLE_MBEAN, "stop", new Object[] {id}, new String[] {String.class.getName()});
                fail("the viewer stopped bundle " + id);
            } catch (SecurityException expected) {
                assertNotNull(expected.getMessage());
            }
            assertEquals("Active", bundle(mbs, "org.imegate.platform").get("State"));
        }
    }

    @Test
    public void adminMayInvokeABundleOperation() throws Exception {
        try (JMXConnector c = appliance.jmx(ApplianceProcess.ADMIN)) {
            MBeanServerConnection mbs = c.getMBeanServerConnection();
            String id = String.valueOf(bundle(mbs, "org.imegate.platform").get("ID"));
            // start on an ACTIVE bundle is a no-op, but it is an admin/manager operation under the ACL
            mbs.invoke(BUNDLE_MBEAN, "start", new Object[] {id}, new String[] {String.class.getName()});
            assertEquals("Active", bundle(mbs, "org.imegate.platform").get("State"));
        }
    }

    @Test
    public void wrongPasswordIsRefusedOverSsh() throws Exception {
        ApplianceProcess.Result r = appliance.runWithPassword(ApplianceProcess.ADMIN,
                ApplianceProcess.randomPassword(), "feature:list -i");
        assertNotEquals(r.toString(), 0, r.exitCode);
        assertFalse(r.toString(), r.stdout.contains("imegate"));
    }

    @Test
    public void wrongPasswordIsRefusedOverJmx() throws Exception {
        try (JMXConnector c = appliance.jmx(ApplianceProcess.VIEWER, ApplianceProcess.randomPassword())) {
            fail("connected with a wrong password: " + c.getConnectionId());
        } catch (SecurityException expected) {
            assertNotNull(expected.getMessage());
        }
    }

    @Test
    public void listensOnLoopbackOnly() throws Exception {
        List<InetSocketAddress> sockets = appliance.listeningSockets();
        List<Integer> ports = sockets.stream().map(InetSocketAddress::getPort).collect(Collectors.toList());
        assertTrue("ssh port " + appliance.sshPort() + " not among " + sockets, ports.contains(appliance.sshPort()));
        assertTrue("RMI registry port not among " + sockets, ports.contains(appliance.rmiRegistryPort()));
        assertTrue("RMI server port not among " + sockets, ports.contains(appliance.rmiServerPort()));
        List<InetSocketAddress> exposed = sockets.stream().filter(s -> !s.getAddress().isLoopbackAddress())
                .collect(Collectors.toList());
        assertEquals("listening beyond loopback", List.of(), exposed);
    }

    @Test
    public void restartKeepsConfigurationAndHostKey() throws Exception {
        appliance.exec(ApplianceProcess.ADMIN, "config:edit org.imegate.interfaces\n"
                + "config:property-set dmz 127.0.0.4\n"
                + "config:update");
        appliance.await(ApplianceProcess.ADMIN, "interfaces:show-nameif",
                s -> Pattern.compile("(?m)^dmz\\s+127\\.0\\.0\\.4\\s*$").matcher(s).find(), Duration.ofSeconds(30));
        Path hostKey = appliance.path("etc", "host.key");
        assertTrue(hostKey + " missing", Files.isRegularFile(hostKey));
        byte[] keyBefore = Files.readAllBytes(hostKey);
        long pidBefore = appliance.pid();

        appliance.restart();

        assertNotEquals(pidBefore, appliance.pid());
        assertTrue("ssh host key changed on restart", Arrays.equals(keyBefore, Files.readAllBytes(hostKey)));
        String out = appliance.exec(ApplianceProcess.ADMIN, "interfaces:show-nameif");
        assertTrue(out, Pattern.compile("(?m)^dmz\\s+127\\.0\\.0\\.4\\s*$").matcher(out).find());
        assertTrue(out, Pattern.compile("(?m)^inside\\s+127\\.0\\.0\\.2\\s*$").matcher(out).find());
    }

    private static CompositeData bundle(MBeanServerConnection mbs, String symbolicName) throws Exception {
        TabularData bundles = (TabularData) mbs.getAttribute(BUNDLE_MBEAN, "Bundles");
        for (Object row : bundles.values()) {
            CompositeData d = (CompositeData) row;
            if (symbolicName.equals(d.get("Symbolic Name"))) {
                return d;
            }
        }
        throw new AssertionError(symbolicName + " not among " + bundles.size() + " bundles of " + BUNDLE_MBEAN);
    }

    private static ObjectName objectName(String name) {
        try {
            return new ObjectName(name);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
