package org.imegate.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.imegate.ring.msg.Bodies;
import org.imegate.ring.msg.Codes;
import org.imegate.ring.msg.StoredData;
import org.junit.jupiter.api.Test;

class ChordNodeTest {

    private static String key(ChordNode n) {
        return n.id().hex() + "+00000000000000ab";
    }

    private static List<StoredData> fetched(ChordNode from, NodeId rid) {
        ChordNode.Answer a = from.fetch(rid);
        assertEquals(Codes.FETCH_ANS, a.message().code(), () -> a.error() ? a.errorAns().info() : "");
        return Bodies.FetchAns.decode(a.message().body()).values();
    }

    @Test
    void aRingOfFiftyStoresFetchesAndSurvivesTheLossOfTheResponsiblePeer() throws Exception {
        SimRing ring = new SimRing(1);
        ring.bootstrap();
        for (int i = 0; i < 49; i++) {
            ring.add();
        }
        ring.stabilizeAll(3);
        // the ring is consistent: every successor's predecessor is the node itself
        for (ChordNode n : ring.nodes) {
            ChordNode succ = ring.nodes.stream().filter(x -> x.id().equals(n.successors().get(0).id())).findFirst()
                    .orElseThrow();
            assertEquals(n.id(), succ.predecessors().get(0).id());
            assertTrue(n.nodeCount() > 10 && n.nodeCount() < 250, "estimate " + n.nodeCount());
        }
        ChordNode writer = ring.nodes.get(7);
        NodeId rid = NodeId.random(ring.random());
        byte[] value = "sealed".getBytes(StandardCharsets.US_ASCII);
        ChordNode.Answer stored = writer.store(rid, key(writer), value, 3600, System.currentTimeMillis());
        assertEquals(Codes.STORE_ANS, stored.message().code());
        assertEquals(2, Bodies.StoreAns.decode(stored.message().body()).replicas().size());
        long copies = ring.nodes.stream().filter(n -> !n.raw(rid).isEmpty()).count();
        assertEquals(3, copies);
        for (ChordNode n : ring.nodes) {
            List<StoredData> v = fetched(n, rid);
            assertEquals(1, v.size());
            assertArrayEquals(value, v.get(0).value());
        }
        ChordNode responsible = ring.nodes.stream().filter(n -> n.responsible(rid)).findFirst().orElseThrow();
        ring.kill(responsible);
        for (ChordNode n : ring.nodes) {
            assertEquals(1, fetched(n, rid).size(), "fetch from " + n + " right after the crash");
        }
        ring.stabilizeAll(2);
        assertEquals(3, ring.nodes.stream().filter(n -> !n.raw(rid).isEmpty()).count(), "copies restored");
    }

    @Test
    void aNodeCannotWriteAnotherNodesKeyNorForgeItsEntry() throws Exception {
        SimRing ring = new SimRing(2);
        ring.bootstrap();
        for (int i = 0; i < 9; i++) {
            ring.add();
        }
        ring.stabilizeAll(2);
        ChordNode a = ring.nodes.get(1);
        ChordNode b = ring.nodes.get(2);
        NodeId rid = NodeId.random(ring.random());
        assertEquals(Codes.STORE_ANS, a.store(rid, key(a), new byte[] {1}, 600, System.currentTimeMillis())
                .message().code());
        ChordNode.Answer overwrite = b.store(rid, key(a), new byte[] {2}, 600, System.currentTimeMillis() + 1);
        assertTrue(overwrite.error());
        assertEquals(Codes.ERROR_FORBIDDEN, overwrite.errorAns().code());
        assertTrue(overwrite.errorAns().info().contains("does not belong to writer"), overwrite.errorAns().info());
        // b replays a's signed entry with its own request: refused, the entry is not b's
        StoredData aEntry = fetched(b, rid).get(0);
        ChordNode.Answer replay = b.storeSigned(rid, List.of(aEntry));
        assertEquals(Codes.ERROR_FORBIDDEN, replay.errorAns().code());
        // a tampered entry does not verify
        StoredData forged = new StoredData(aEntry.storageTime() + 5, aEntry.lifetime(), aEntry.key(), new byte[] {9},
                aEntry.signerCertificate(), aEntry.signature());
        assertEquals(Codes.ERROR_FORBIDDEN, a.storeSigned(rid, List.of(forged)).errorAns().code());
        assertArrayEquals(new byte[] {1}, fetched(b, rid).get(0).value());
        // b may write its own key beside a's
        assertEquals(Codes.STORE_ANS, b.store(rid, key(b), new byte[] {3}, 600, System.currentTimeMillis())
                .message().code());
        assertEquals(2, fetched(a, rid).size());
    }

    @Test
    void quotaRateLimitAndValueSizeAreEnforcedByTheStoringPeer() throws Exception {
        SimRing ring = new SimRing(3);
        ChordNode boot = ring.bootstrap();
        ChordNode w = ring.create(RingSettings.defaults(false), NodeId.random(ring.random()));
        w.join(List.of(boot.self().address()));
        ring.stabilizeAll(1);
        boot.publishConfiguration(SimIdentity.signConfiguration(new OverlayConfig(RingSettings.OVERLAY, 100, 0,
                Set.of(), "", "1.0.0", 3)));
        ring.stabilizeAll(1);
        assertEquals(3, w.storageQuota());
        NodeId rid = NodeId.random(ring.random());
        long t = System.currentTimeMillis();
        for (int i = 0; i < 3; i++) {
            assertEquals(Codes.STORE_ANS, w.store(rid, w.id().hex() + "+" + i, new byte[] {1}, 600, t).message().code());
        }
        ChordNode.Answer over = w.store(rid, w.id().hex() + "+9", new byte[] {1}, 600, t);
        assertEquals(Codes.ERROR_QUOTA_EXCEEDED, over.errorAns().code());
        ChordNode.Answer big = w.store(rid, w.id().hex() + "+0", new byte[2000], 600, t + 1);
        assertEquals(Codes.ERROR_DATA_TOO_LARGE, big.errorAns().code());
        int limited = 0;
        for (int i = 0; i < 2000 && limited == 0; i++) {
            ChordNode.Answer a = w.fetch(rid);
            if (a.error() && a.errorAns().code() == Codes.ERROR_RATE_LIMITED) {
                limited = i;
            }
        }
        assertTrue(limited >= 200, "burst of 4 x 200 fetches allowed before the limit, got " + limited);
    }

    @Test
    void aBannedNodeOrOneWithoutACertificateCannotJoinAndTheConfigurationTravelsTheRing() throws Exception {
        SimRing ring = new SimRing(4);
        ChordNode boot = ring.bootstrap();
        for (int i = 0; i < 7; i++) {
            ring.add();
        }
        ring.stabilizeAll(2);
        NodeId bad = NodeId.random(ring.random());
        boot.publishConfiguration(SimIdentity.signConfiguration(new OverlayConfig(RingSettings.OVERLAY, 200, 0,
                Set.of(bad.hex()), "maintenance sunday", "2.0.0", 100)));
        ring.stabilizeAll(3);
        for (ChordNode n : ring.nodes) {
            assertEquals(200, n.configSequence(), n.toString());
            assertTrue(n.softwareUpdateRequired());
            assertEquals(1, n.health());
        }
        List<RingEvent> events = new java.util.ArrayList<>();
        ChordNode banned = ring.create(RingSettings.defaults(false), bad);
        banned.onEvent(events::add);
        RingSecurityException e = assertThrows(RingSecurityException.class,
                () -> banned.join(List.of(boot.self().address())));
        assertTrue(e.getMessage().contains("banned"), e.getMessage());
        assertTrue(banned.banned());
        assertEquals(0, banned.health());
        assertEquals(RingEvent.Type.BANNED, events.get(events.size() - 1).type());
        NodeId outsider = NodeId.random(ring.random());
        ring.refused.add(outsider);
        ChordNode noCert = ring.create(RingSettings.defaults(false), outsider);
        assertThrows(RingSecurityException.class, () -> noCert.join(List.of(boot.self().address())));
        assertFalse(noCert.joined());
        // an older or unsigned configuration is ignored
        assertFalse(boot.adoptConfiguration(SimIdentity.signConfiguration(new OverlayConfig(RingSettings.OVERLAY,
                150, 0, Set.of(), "", "0", 1))));
        byte[] doc = new OverlayConfig(RingSettings.OVERLAY, 300, 0, Set.of(), "", "0", 1).document();
        assertFalse(boot.adoptConfiguration(OverlayConfig.signed(doc, new byte[32])));
    }

    @Test
    void aLeavingNodeHandsOverItsDataAndARejoiningNodeGetsItsRangeBack() throws Exception {
        SimRing ring = new SimRing(5);
        ring.bootstrap();
        for (int i = 0; i < 11; i++) {
            ring.add();
        }
        ring.stabilizeAll(2);
        ChordNode w = ring.nodes.get(3);
        NodeId rid = NodeId.random(ring.random());
        w.store(rid, key(w), new byte[] {7}, 600, System.currentTimeMillis());
        ChordNode responsible = ring.nodes.stream().filter(n -> n.responsible(rid)).findFirst().orElseThrow();
        NodeId rid0 = responsible.id();
        responsible.leave();
        ring.kill(responsible);
        ring.stabilizeAll(2);
        assertEquals(3, ring.nodes.stream().filter(n -> !n.raw(rid).isEmpty()).count());
        ChordNode back = ring.create(RingSettings.defaults(false), rid0);
        back.join(List.of(ring.nodes.get(0).self().address()));
        ring.stabilizeAll(2);
        assertTrue(back.responsible(rid));
        assertEquals(1, back.raw(rid).size());
        assertEquals(1, fetched(ring.nodes.get(0), rid).size());
    }
}
