package org.imegate.ime.vap;

import static org.imegate.ime.vap.DraftVapClient.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.imegate.api.ime.VapAuthMode;
import org.imegate.api.ime.VapServerSetting;
import org.imegate.ime.EngineFixture;
import org.imegate.ime.VapServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Client handles across connections and the keepalive (draft §8.2, §9.2). */
class VapKeepaliveTest {
    @TempDir
    Path dir;

    @Test
    void aHandleMovesToANewConnectionAndTheOldOneIsClosed() throws Exception {
        int port = VapServerTest.freePort();
        try (EngineFixture ime = new EngineFixture(dir, "127.0.0.1", "127.0.0.1", null, Map.of(),
                List.of(VapServerConfig.create("cucm", port, VapAuthMode.AUTHENTICATED)));
             DraftVapClient first = new DraftVapClient(new Socket("127.0.0.1", port), EngineFixture.USER,
                     EngineFixture.PASSWORD);
             DraftVapClient second = new DraftVapClient(new Socket("127.0.0.1", port), EngineFixture.USER,
                     EngineFixture.PASSWORD)) {
            long handle = first.register("cucm").u32(CLIENT_HANDLE);
            Message moved = second.request(REGISTER, Attr.u32(CLIENT_HANDLE, handle));
            assertEquals(SUCCESS, moved.cls());
            assertEquals(handle, moved.u32(CLIENT_HANDLE));
            assertTrue(first.awaitClosed(Duration.ofSeconds(10)), "the connection the handle was bound to is closed");
            assertEquals(1, ime.engine.registry().clientCount());
        }
    }

    @Test
    void aClientThatSendsNothingForThreeKeepaliveIntervalsIsDropped() throws Exception {
        int port = VapServerTest.freePort();
        try (EngineFixture ime = new EngineFixture(dir, "127.0.0.1", "127.0.0.1", null, Map.of(),
                List.of(VapServerConfig.create("cucm", port, VapAuthMode.AUTHENTICATED)))) {
            ime.engine.setVapServer("cucm", VapServerSetting.KEEPALIVEINTERVAL, "5");
            try (DraftVapClient live = new DraftVapClient(new Socket("127.0.0.1", port), EngineFixture.USER,
                    EngineFixture.PASSWORD);
                 DraftVapClient silent = new DraftVapClient(new Socket("127.0.0.1", port), EngineFixture.USER,
                         EngineFixture.PASSWORD)) {
                long handle = live.register("live").u32(CLIENT_HANDLE);
                assertEquals(15_000, silent.register("silent").u32(KEEPALIVE));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                boolean closed = false;
                while (!closed && System.nanoTime() < deadline) {
                    assertEquals(SUCCESS, live.request(REGISTER, Attr.u32(CLIENT_HANDLE, handle)).cls(), "keepalive");
                    closed = silent.awaitClosed(Duration.ofSeconds(4));
                }
                assertTrue(closed, "the silent client is dropped after three intervals");
                assertFalse(live.awaitClosed(Duration.ofMillis(10)));
                assertEquals(1, ime.engine.registry().clientCount());
            }
        }
    }

    @Test
    void connectionsBeyondMaxConnectionsAllowedAreRefused() throws Exception {
        int port = VapServerTest.freePort();
        try (EngineFixture ime = new EngineFixture(dir, "127.0.0.1", "127.0.0.1", null, Map.of(),
                List.of(VapServerConfig.create("cucm", port, VapAuthMode.AUTHENTICATED)))) {
            ime.engine.setVapServer("cucm", VapServerSetting.MAXCONNECTIONSALLOWED, "1");
            try (DraftVapClient first = new DraftVapClient(new Socket("127.0.0.1", port), EngineFixture.USER,
                    EngineFixture.PASSWORD);
                 DraftVapClient second = new DraftVapClient(new Socket("127.0.0.1", port), EngineFixture.USER,
                         EngineFixture.PASSWORD)) {
                assertEquals(SUCCESS, first.register("first").cls());
                assertTrue(second.awaitClosed(Duration.ofSeconds(10)), "the second call agent is refused");
                assertEquals("ERROR: maxconnectionsallowed 0 out of range 1-1000",
                        org.junit.jupiter.api.Assertions.assertThrows(
                                org.imegate.api.validation.ValidationException.class, () -> ime.engine.setVapServer(
                                        "cucm", VapServerSetting.MAXCONNECTIONSALLOWED, "0")).getMessage());
            }
        }
    }
}
