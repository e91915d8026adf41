package org.imegate.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imegate.api.media.MediaSession;
import org.imegate.api.media.MediaTerminationConfig;
import org.imegate.api.validation.ValidationException;
import org.imegate.media.shell.ShowMediaSessionsAccess;
import org.imegate.platform.ConfiguredInterfaces;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Instances through the shell path (define/remove) and the configuration-file path (updated/deleted). */
class ConfigurationTest {

    private final MemoryStore store = new MemoryStore();
    private final MediaTerminationService media = new MediaTerminationService(new ConfiguredInterfaces(Map.of()), store,
            Duration.ofSeconds(300), Duration.ofSeconds(1));

    @AfterEach
    void stop() {
        media.stop();
    }

    private static String refusal(Runnable r) {
        return assertThrows(ValidationException.class, r::run).getMessage();
    }

    @Test
    void createAddAndPersist() {
        media.define("ime-media-term", "127.0.0.3", "outside", null, null);
        MediaTerminationConfig c = media.define("ime-media-term", "127.0.0.2", "inside", 20000, 21000);
        assertEquals(new MediaTerminationConfig("ime-media-term", Optional.empty(),
                Map.of("outside", "127.0.0.3", "inside", "127.0.0.2"), 20000, 21000), c);
        assertEquals(c, store.saved.get("ime-media-term"));
        assertEquals(List.of(c), media.instances());
        // replacing an interface's address
        assertEquals("127.0.0.4", media.define("ime-media-term", "127.0.0.4", "inside", null, null).addresses().get("inside"));
    }

    @Test
    void shellRefusalsLeaveTheInstanceUnchanged() {
        MediaTerminationConfig c = media.define("m", "127.0.0.3", "outside", null, null);
        assertEquals("ERROR: address 127.0.0.3 is an address on interface outside but media-termination m has the global"
                + " address 127.0.0.2; use either one global address or per-interface addresses, not both",
                refusal(() -> media.define("m", "127.0.0.2", null, null, null)));
        assertEquals("ERROR: rtp-max-port 16000 must be above rtp-min-port 16384",
                refusal(() -> media.define("m", null, null, null, 16000)));
        assertEquals("ERROR: interface outside needs an address (address <ip> interface <name>)",
                refusal(() -> media.define("m", null, "outside", null, null)));
        assertEquals("ERROR: interface dmz is not a configured interface (configured: inside, outside)",
                refusal(() -> media.define("m", "127.0.0.2", "dmz", null, null)));
        assertEquals("ERROR: media-termination bad name may contain only letters, digits, '_', '.' and '-'"
                .replace("bad name", "'bad name'"), refusal(() -> media.define("bad name", null, null, null, null)));
        assertEquals(c, media.instance("m").orElseThrow());
        assertEquals(c, store.saved.get("m"));
    }

    @Test
    void removalIsRefusedWhileInUse() throws Exception {
        media.define("m", "127.0.0.3", null, 29000, 29999);
        MediaSession s = media.open("m", "call");
        assertEquals("ERROR: media-termination m is in use by 1 open media session(s); remove that first",
                refusal(() -> media.remove("m")));
        s.close();
        store.users.put("m", List.of("org.imegate.sip.ucime"));
        assertEquals("ERROR: media-termination m is in use by configuration org.imegate.sip.ucime; remove that first",
                refusal(() -> media.remove("m")));
        store.users.clear();
        media.remove("m");
        assertTrue(media.instances().isEmpty());
        assertTrue(store.saved.isEmpty());
        assertEquals("ERROR: media-termination m does not exist", refusal(() -> media.remove("m")));
    }

    @Test
    void removeAddress() {
        media.define("m", "127.0.0.3", "outside", null, null);
        media.define("m", "127.0.0.2", "inside", null, null);
        assertEquals(Map.of("outside", "127.0.0.3"), media.removeAddress("m", "127.0.0.2").addresses());
        assertEquals("ERROR: address 127.0.0.9 is not an address of media-termination m",
                refusal(() -> media.removeAddress("m", "127.0.0.9")));
        media.removeAddress("m", "127.0.0.3");
        // now empty, a global address is allowed
        assertEquals(Optional.of("127.0.0.3"), media.define("m", "127.0.0.3", null, null, null).globalAddress());
    }

    private static Hashtable<String, Object> props(Object... kv) {
        Hashtable<String, Object> h = new Hashtable<>();
        for (int i = 0; i < kv.length; i += 2) {
            h.put((String) kv[i], kv[i + 1]);
        }
        return h;
    }

    @Test
    void configurationFilesApplyAndBadOnesKeepThePreviousInstance() throws Exception {
        media.updated("pid-1", props("name", "file-mt", "global.address", "127.0.0.3", "rtp.min.port", "45000",
                "rtp.max.port", "45999"));
        MediaTerminationConfig good = media.instance("file-mt").orElseThrow();
        assertEquals(45000, good.rtpMinPort());
        // a bad edit is refused: the previous instance stays
        media.updated("pid-1", props("name", "file-mt", "global.address", "127.0.0.3", "rtp.min.port", "45000",
                "rtp.max.port", "99999"));
        assertEquals(good, media.instance("file-mt").orElseThrow());
        // a second file with the same name is refused
        media.updated("pid-2", props("name", "file-mt", "global.address", "127.0.0.2"));
        assertEquals(good, media.instance("file-mt").orElseThrow());
        // renaming in the file replaces the instance
        media.updated("pid-1", props("name", "renamed", "global.address", "127.0.0.3"));
        assertTrue(media.instance("file-mt").isEmpty());
        MediaSession s = media.open("renamed", "call");
        // deleting the file removes the instance with its sessions
        media.deleted("pid-1");
        assertTrue(media.instances().isEmpty());
        assertTrue(((RelaySession) s).isClosed());
        assertEquals(0, media.stats().active());
    }

    @Test
    void showMediaSessionsUsesTheSeedLayout() throws Exception {
        assertEquals("", ShowMediaSessionsAccess.render(media));
        media.define("m", "127.0.0.3", "outside", 30000, 30999);
        media.define("m", "127.0.0.2", "inside", null, null);
        MediaSession s = media.open("m", "ab6d7980@192.168.10.30");
        s.insideRemote(new java.net.InetSocketAddress("127.0.0.2", 19520));
        String out = ShowMediaSessionsAccess.render(media);
        int o = s.outsideLocal().getPort();
        int i = s.insideLocal().getPort();
        assertEquals(" 1 in use, 1 most used\n"
                + "Media-session: 127.0.0.3/" + o + " :: client ip 127.0.0.2/19520\n"
                + " Call ID: ab6d7980@192.168.10.30\n"
                + " Session ID: " + s.id() + "\n"
                + "  Lcl RTP conn 127.0.0.3/" + o + " to - tx_pkts 0 rx_pkts 0\n"
                + "   refcnt 1 : created by Inspect SIP, passthrough not set\n"
                + "   media-termination m, dropped 0\n"
                + "   RTP monitoring is disabled\n"
                + "Media-session: 127.0.0.2/" + i + " :: client ip -\n"
                + " Call ID: N/A\n"
                + "  Lcl RTP conn 127.0.0.2/" + i + " to 127.0.0.2/19520 tx_pkts 0 rx_pkts 0\n", out);
    }
}
