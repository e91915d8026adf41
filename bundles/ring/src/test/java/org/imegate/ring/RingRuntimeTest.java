package org.imegate.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.imegate.api.ime.cache.CacheEntry;
import org.imegate.api.ime.cache.CacheUnavailableException;
import org.junit.jupiter.api.Test;

class RingRuntimeTest {

    @Test
    void theDistributedCacheStoresFetchesRefreshesAndRefusesWhenNotJoined() throws Exception {
        SimRing ring = new SimRing(11);
        ring.bootstrap();
        for (int i = 0; i < 9; i++) {
            ring.add();
        }
        ring.stabilizeAll(2);
        ChordNode writerNode = ring.nodes.get(4);
        RingRuntime cache = new RingRuntime(writerNode, List.of(ring.nodes.get(0).self().address()),
                Duration.ofMinutes(10), Clock.systemUTC());
        assertEquals("reload", cache.backend());
        assertArrayEquals(writerNode.id().bytes(), cache.peerId());
        byte[] rid = NodeId.random(ring.random()).bytes();
        String key = writerNode.id().hex() + "+7eeb6a7036478351";
        cache.store(rid, key, new byte[] {4, 2}, Duration.ofHours(1));
        RingRuntime reader = new RingRuntime(ring.nodes.get(8), List.of(), Duration.ofMinutes(10), Clock.systemUTC());
        List<CacheEntry> got = reader.fetch(rid);
        assertEquals(1, got.size());
        assertEquals(key, got.get(0).key());
        assertArrayEquals(new byte[] {4, 2}, got.get(0).value());
        assertEquals(1, reader.reads());
        assertEquals(1, cache.stores());
        assertTrue(cache.health() > 0);
        assertTrue(cache.nodeCount() >= 5, "node count " + cache.nodeCount());
        // someone else's key is refused through the api too
        RingRuntime other = new RingRuntime(ring.nodes.get(6), List.of(), Duration.ofMinutes(10), Clock.systemUTC());
        CacheUnavailableException e = assertThrows(CacheUnavailableException.class,
                () -> other.store(rid, key, new byte[] {9}, Duration.ofHours(1)));
        assertTrue(e.getMessage().contains("error 2"), e.getMessage());
        // the storing nodes crash (all but the writer, the reader and the bootstrap node): after the
        // writer's refresh the entry is back with its three copies
        ChordNode readerNode = reader.node();
        for (ChordNode n : List.copyOf(ring.nodes)) {
            if (!n.raw(NodeId.of(rid)).isEmpty() && n != writerNode && n != readerNode && n != ring.nodes.get(0)) {
                ring.kill(n);
            }
        }
        ring.stabilizeAll(2);
        cache.refresh();
        ring.stabilizeAll(1);
        assertEquals(1, reader.fetch(rid).size());
        assertEquals(3, ring.nodes.stream().filter(n -> !n.raw(NodeId.of(rid)).isEmpty()).count());
        // a node that is not joined answers CacheUnavailableException (VAP 481)
        ChordNode lonely = ring.create(RingSettings.defaults(false), NodeId.random(ring.random()));
        RingRuntime notJoined = new RingRuntime(lonely, List.of(), Duration.ofMinutes(10), Clock.systemUTC());
        assertThrows(CacheUnavailableException.class, () -> notJoined.fetch(rid));
        assertThrows(CacheUnavailableException.class, () -> notJoined.store(rid, lonely.id().hex() + "+1",
                new byte[] {1}, Duration.ofMinutes(5)));
        assertEquals(0, notJoined.health());
    }
}
