package org.imegate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import javax.inject.Inject;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.apache.karaf.features.BootFinished;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.imegate.api.alert.Alert;
import org.imegate.api.alert.AlertState;
import org.imegate.api.alert.AlertTopics;
import org.imegate.api.fallback.FallbackSensitivity;
import org.imegate.api.fallback.FallbackSensitivityMBean;
import org.imegate.api.fallback.SensitivityLevel;
import org.imegate.api.rtpmonitor.MonitoredStream;
import org.imegate.api.rtpmonitor.RtpMonitor;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Inside the container: a {@code .fbs} file dropped into {@code deploy/} replaces the sensitivity module of the
 * levels it defines (shell, MBean, service registry), a call in progress is judged by it from its next tick,
 * removing the file brings the built-in module back; a bad file leaves the modules in force and raises
 * {@code FallbackSensitivityFileRefused}, cleared when the file is fixed. The monitor's timers follow the uc-ime
 * proxy's {@code fallback monitoring timer} and {@code fallback hold-down timer}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FallbackIT {

    private static final long MS = 1_000_000L;
    /** Bound of every wait for File Install (it polls deploy/ every second). */
    private static final long DEPLOY_TIMEOUT_S = 30;

    @Rule
    public Timeout timeout = new Timeout(ImegateKarafSupport.TEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);

    @Inject
    @Filter(timeout = 120_000)
    BootFinished bootFinished;

    @Inject
    BundleContext bundleContext;

    @Inject
    SessionFactory sessions;

    @Inject
    RtpMonitor monitor;

    @Inject
    FallbackSensitivityMBean sensitivityMBean;

    @Inject
    MBeanServer mbeanServer;

    @Configuration
    public Option[] config() {
        return ImegateKarafSupport.options();
    }

    static final String STRICT_NOMINAL = """
            # Nominal that tolerates at most 2 impaired ticks in 8 s
            version=1
            module=itest.strict
            level.3.name=Nominal strict
            level.3.maxRblrPctX100=4000
            level.3.maxIteIn8s=2
            level.3.maxBlsMs=200
            level.3.maxMovAvgPdvUs=50000
            level.3.maxConcealedSecPct=80
            """;

    static String moderate(int maxBlsMs) {
        return """
                version=1
                module=itest.site
                level.4.name=Moderate site
                level.4.maxRblrPctX100=2500
                level.4.maxIteIn8s=6
                level.4.maxBlsMs=%d
                level.4.maxMovAvgPdvUs=30000
                level.4.maxConcealedSecPct=60
                """.formatted(maxBlsMs);
    }

    @Test
    public void deployedFileReplacesItsLevelForCallsInProgress() throws Exception {
        String shown = run("fallback:show-sensitivity");
        assertTrue(shown, shown.contains("Level  Name"));
        assertTrue(shown, shown.matches("(?s).*\n3 +Nominal +builtin +org\\.imegate\\.fallback\\.default +4000 +12 +200 +50000 +80\n.*"));
        assertTrue(shown, shown.matches("(?s).*\n0 +Disable +builtin .*"));
        assertEquals(6, levels().size());

        // a call at Nominal losing one packet every 2 s: 4 impaired ticks in 8 s, within the built-in limit of 12
        MonitoredStream call = monitor.open("fallback-it@example", 3, 20, 8000, (id, level, at) -> { });
        Sender sender = new Sender(call);
        try {
            sender.sendFor(10_000);
            assertEquals("built-in Nominal keeps the call", MonitoredStream.STATE_OK, call.failoverState());

            deploy("itest-strict.fbs", STRICT_NOMINAL);
            awaitSource(SensitivityLevel.NOMINAL, "itest-strict.fbs");
            shown = run("fallback:show-sensitivity 3");
            assertTrue(shown, shown.matches("(?s).*\n3 +Nominal strict +itest-strict\\.fbs +itest\\.strict +4000 +2 +200 +50000 +80\n.*"));
            assertTrue(shown, !shown.contains("\n4 "));
            CompositeData row = levels().get(new Object[] {3});
            assertEquals("itest-strict.fbs", row.get("Source"));
            assertEquals(2, row.get("MaxIteIn8s"));
            assertEquals("levels not in the file keep their module", "builtin", levels().get(new Object[] {4}).get("Source"));

            sender.sendUntil(() -> call.failoverState() == MonitoredStream.STATE_DEGRADED, 20_000);
            assertEquals("the call in progress is judged by the new module", MonitoredStream.STATE_DEGRADED,
                    call.failoverState());
        } finally {
            call.close();
        }

        remove("itest-strict.fbs");
        awaitSource(SensitivityLevel.NOMINAL, FallbackSensitivity.BUILTIN);
        assertEquals(12, levels().get(new Object[] {3}).get("MaxIteIn8s"));
    }

    @Test
    public void badFileKeepsTheModulesInForceAndRaisesAnAlert() throws Exception {
        BlockingQueue<Alert> alerts = new LinkedBlockingQueue<>();
        Dictionary<String, Object> topics = new Hashtable<>();
        topics.put(EventConstants.EVENT_TOPIC, AlertTopics.topic(FallbackSensitivity.FILE_REFUSED_ALERT));
        ServiceRegistration<EventHandler> handler = bundleContext.registerService(EventHandler.class,
                event -> {
                    java.util.Map<String, Object> p = new java.util.HashMap<>();
                    for (String k : event.getPropertyNames()) {
                        p.put(k, event.getProperty(k));
                    }
                    alerts.add(Alert.fromEventProperties(p));
                }, topics);
        try {
            deploy("itest-site.fbs", moderate(90));
            awaitSource(SensitivityLevel.MODERATE, "itest-site.fbs");
            assertEquals(90, levels().get(new Object[] {4}).get("MaxBlsMs"));

            deploy("itest-site.fbs", moderate(99_999));
            Alert raised = alerts.poll(DEPLOY_TIMEOUT_S, TimeUnit.SECONDS);
            assertNotNull("no FallbackSensitivityFileRefused alert", raised);
            assertEquals(AlertState.RAISED, raised.state());
            assertEquals("itest-site.fbs", raised.details().get("file"));
            assertTrue(raised.message(), raised.message().contains("ERROR: level.4.maxBlsMs 99999 out of range 0-60000"));
            CompositeData row = levels().get(new Object[] {4});
            assertEquals("the previous thresholds stay", 90, row.get("MaxBlsMs"));
            assertEquals("itest-site.fbs", row.get("Source"));
            assertTrue(sensitivityMBean.getLastRefusal(), sensitivityMBean.getLastRefusal().startsWith("itest-site.fbs: ERROR"));
            String shown = run("fallback:show-sensitivity moderate");
            assertTrue(shown, shown.contains("Last refused file: itest-site.fbs: ERROR: level.4.maxBlsMs 99999"));
            assertTrue(shown, shown.matches("(?s).*\n4 +Moderate site +itest-site\\.fbs +itest\\.site +2500 +6 +90 .*"));

            deploy("itest-site.fbs", moderate(120));
            Alert cleared = alerts.poll(DEPLOY_TIMEOUT_S, TimeUnit.SECONDS);
            assertNotNull("the alert is not cleared", cleared);
            assertEquals(AlertState.CLEARED, cleared.state());
            await(() -> Integer.valueOf(120).equals(item(4, "MaxBlsMs")), "maxBlsMs 120");
        } finally {
            handler.unregister();
            remove("itest-site.fbs");
        }
        awaitSource(SensitivityLevel.MODERATE, FallbackSensitivity.BUILTIN);
    }

    @Test
    public void monitorTimersFollowTheUcImeProxy() throws Exception {
        assertEquals(RtpMonitor.MONITORING_TIMER_DEFAULT_MS, monitor.monitoringTimerMs());
        assertEquals(RtpMonitor.HOLD_DOWN_TIMER_DEFAULT_S, monitor.holdDownTimerS());
        run("uc-ime:uc-ime fallback-it fallback monitoring timer 200 fallback hold-down timer 30");
        try {
            await(() -> monitor.monitoringTimerMs() == 200 && monitor.holdDownTimerS() == 30,
                    "the uc-ime proxy's fallback timers in the RTP monitor");
        } finally {
            run("uc-ime:no-uc-ime fallback-it");
        }
        await(() -> monitor.monitoringTimerMs() == RtpMonitor.MONITORING_TIMER_DEFAULT_MS
                && monitor.holdDownTimerS() == RtpMonitor.HOLD_DOWN_TIMER_DEFAULT_S, "the default timers again");
    }

    /** The MBean's table, read through the MBean server as a JMX client would. */
    private TabularData levels() throws Exception {
        return (TabularData) mbeanServer.getAttribute(new ObjectName("org.imegate:type=fallback,name=sensitivity"),
                "Levels");
    }

    /** One item of the MBean's row for {@code level}. */
    private Object item(int level, String name) {
        try {
            CompositeData row = levels().get(new Object[] {level});
            return row == null ? null : row.get(name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path deployDir() {
        return Paths.get(System.getProperty("karaf.base"), "deploy");
    }

    /** Writes next to deploy/ and moves into it, so that File Install never sees a half-written file. */
    private static void deploy(String name, String content) throws IOException {
        Path tmp = Paths.get(System.getProperty("karaf.data"), "tmp");
        Files.createDirectories(tmp);
        Path staged = Files.writeString(tmp.resolve(name), content, StandardCharsets.UTF_8);
        Files.move(staged, deployDir().resolve(name), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    private static void remove(String name) throws IOException {
        Files.deleteIfExists(deployDir().resolve(name));
    }

    /** Waits until the service in force for {@code level} comes from {@code source}. */
    private void awaitSource(SensitivityLevel level, String source) throws InterruptedException {
        await(() -> source.equals(sourceInForce(level)), "level " + level.value() + " from " + source);
    }

    private String sourceInForce(SensitivityLevel level) {
        try {
            ServiceReference<?>[] refs = bundleContext.getServiceReferences(FallbackSensitivity.class.getName(),
                    "(" + FallbackSensitivity.LEVEL + "=" + level.value() + ")");
            if (refs == null) {
                return null;
            }
            ServiceReference<?> best = refs[0];
            for (ServiceReference<?> r : refs) {
                if (r.compareTo(best) > 0) {
                    best = r;
                }
            }
            return (String) best.getProperty(FallbackSensitivity.SOURCE);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEPLOY_TIMEOUT_S);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + DEPLOY_TIMEOUT_S + " s: " + what);
            }
            LockSupport.parkNanos(100 * MS);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /**
     * Sends 20 ms packets to a monitored stream in real time (the monitor's ticks run on the real clock), losing one
     * packet every 2 s.
     */
    private static final class Sender {
        final MonitoredStream stream;
        final long start = System.nanoTime();
        int i;

        Sender(MonitoredStream stream) {
            this.stream = stream;
        }

        void sendFor(long ms) {
            sendUntil(() -> false, ms);
        }

        void sendUntil(BooleanSupplier done, long maxMs) {
            long end = System.nanoTime() + maxMs * MS;
            while (!done.getAsBoolean() && System.nanoTime() < end) {
                long due = start + i * 20 * MS;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                    continue;
                }
                if (i % 100 != 50) {
                    // stamped with the time it was due: a stall of this thread on a busy machine delays packets
                    // but must not add delay variation the test does not mean
                    stream.onPacket(i & 0xFFFF, 1000L + 160L * i, due, 0);
                }
                i++;
            }
        }
    }

    /** Runs a command as an administrator; a command not registered yet is tried again for at most 30 s. */
    private String run(String command) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (int attempt = 0; ; attempt++) {
            try {
                return runOnce(command);
            } catch (Exception e) {
                boolean notYet = e.getClass().getSimpleName().equals("CommandNotFoundException");
                if (!notYet || System.nanoTime() > deadline || attempt > 300) {
                    throw e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
    }

    private String runOnce(String command) throws Exception {
        return ShellSessions.runAsAdmin(sessions, command);
    }
}
