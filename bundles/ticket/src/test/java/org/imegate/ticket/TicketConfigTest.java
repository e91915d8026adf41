package org.imegate.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.imegate.api.alert.Alert;
import org.imegate.api.config.EtcFiles;
import org.imegate.platform.MasterKeySecretBox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** The password reaches etc/org.imegate.ticket.cfg sealed, and a restart verifies the same tickets. */
class TicketConfigTest {
    @TempDir
    Path dir;
    String previousEtc;
    final Hashtable<String, Object> stored = new Hashtable<>();
    final List<Alert> alerts = new ArrayList<>();

    @BeforeEach
    void etc() {
        previousEtc = System.getProperty("karaf.etc");
        System.setProperty("karaf.etc", dir.resolve("etc").toString());
    }

    @AfterEach
    void restore() {
        if (previousEtc == null) {
            System.clearProperty("karaf.etc");
        } else {
            System.setProperty("karaf.etc", previousEtc);
        }
    }

    @Test
    void passwordIsSealedInTheFileAndSurvivesARestart() throws Exception {
        stored.put(TicketConfig.FAILURE_ACTION, "drop");
        MasterKeySecretBox box = new MasterKeySecretBox(dir.resolve("master.key"));
        TicketServiceImpl first = new TicketServiceImpl(box, new TicketConfig(configAdmin()), alerts::add);
        first.configure(12, Fixtures.PASSWORD.toCharArray());
        String text = Files.readString(EtcFiles.file(TicketConfig.PID, null), StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("password=ENC("), text);
        assertTrue(text.contains("epoch=12"), text);
        assertTrue(text.contains("failure.action=drop"), text);
        assertFalse(text.contains(Fixtures.PASSWORD), text);
        assertFalse(text.contains("Secre!"), text);
        assertFalse(stored.toString().contains(Fixtures.PASSWORD));
        assertEquals(1, alerts.size());

        String ticket = first.issue(new org.imegate.api.ticket.TicketRequest(Fixtures.ISSUER, Fixtures.CALLER,
                List.of(Fixtures.DID), Fixtures.IAT));
        TicketServiceImpl restarted = new TicketServiceImpl(box, new TicketConfig(configAdmin()), alerts::add);
        restarted.load(properties(), false);
        assertEquals(12, restarted.epoch().getAsInt());
        assertTrue(restarted.verify(Fixtures.check(ticket)).valid());
        assertEquals(1, alerts.size(), "loading at start raises no alert");

        // a file edited with a clear password, a bad epoch, or a sealed value altered: refused, keys kept
        for (Map<String, Object> bad : List.of(
                Map.<String, Object>of(TicketConfig.EPOCH, "13", TicketConfig.PASSWORD_KEY, "Clear!password-1"),
                Map.<String, Object>of(TicketConfig.EPOCH, "300", TicketConfig.PASSWORD_KEY, stored.get("password")),
                Map.<String, Object>of(TicketConfig.PASSWORD_KEY, stored.get("password")),
                Map.<String, Object>of(TicketConfig.EPOCH, "13", TicketConfig.PASSWORD_KEY, "ENC(AAAA)"))) {
            restarted.load(bad, true);
            assertEquals(12, restarted.epoch().getAsInt(), bad.toString());
            assertTrue(restarted.verify(Fixtures.check(ticket)).valid());
        }
        // the file edited to another epoch with the same sealed password: applied live, announced
        Map<String, Object> next = properties();
        next.put(TicketConfig.EPOCH, "13");
        restarted.load(next, true);
        assertEquals(13, restarted.epoch().getAsInt());
        assertEquals(2, alerts.size());
        // neither key: not configured any more
        restarted.load(Map.of(TicketConfig.FAILURE_ACTION, "reject"), true);
        assertFalse(restarted.configured());
    }

    private Map<String, Object> properties() {
        Map<String, Object> m = new HashMap<>();
        for (String k : Collections.list(stored.keys())) {
            m.put(k, stored.get(k));
        }
        return m;
    }

    /** A ConfigurationAdmin holding the one configuration in {@link #stored}. */
    private ConfigurationAdmin configAdmin() {
        Configuration cfg = (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Configuration.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperties" -> stored.isEmpty() ? null : new Hashtable<>(stored);
                    case "getPid" -> TicketConfig.PID;
                    case "update" -> {
                        @SuppressWarnings("unchecked")
                        Dictionary<String, Object> d = (Dictionary<String, Object>) args[0];
                        stored.clear();
                        for (String k : Collections.list(d.keys())) {
                            stored.put(k, d.get(k));
                        }
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConfiguration")) {
                        return cfg;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
