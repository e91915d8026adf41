package org.imegate.tls.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.imegate.api.alert.Alert;
import org.imegate.api.alert.AlertSeverity;
import org.imegate.api.alert.AlertState;
import org.imegate.api.alert.AlertPoster;
import org.imegate.api.alert.AlertTopics;
import org.imegate.api.tlsproxy.TlsRole;
import org.imegate.api.tlsproxy.TlsSession;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

class SessionAccountingTest {
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.3", 5061);
    private static final InetSocketAddress REMOTE = new InetSocketAddress("127.0.0.9", 40000);

    /** An EventAdmin that keeps what is posted. */
    static final class Events implements EventAdmin {
        final List<Event> posted = new CopyOnWriteArrayList<>();

        @Override
        public void postEvent(Event event) {
            posted.add(event);
        }

        @Override
        public void sendEvent(Event event) {
            posted.add(event);
        }

        List<Alert> alerts() {
            List<Alert> out = new ArrayList<>();
            for (Event e : posted) {
                Map<String, Object> p = new java.util.HashMap<>();
                for (String k : e.getPropertyNames()) {
                    p.put(k, e.getProperty(k));
                }
                Alert a = Alert.fromEventProperties(p);
                assertEquals(AlertTopics.topic(a.name()), e.getTopic());
                out.add(a);
            }
            return out;
        }
    }

    private static SessionAccounting accounting(int limit, Events events) {
        AlertPoster poster = new AlertPoster();
        poster.bind(events);
        return new SessionAccounting(limit, Clock.systemUTC(), poster);
    }

    @Test
    void concurrentAdmissionsNeverExceedTheLimit() throws Exception {
        int limit = 100;
        int threads = 16;
        int attempts = 500;
        Events events = new Events();
        SessionAccounting a = accounting(limit, events);
        AtomicInteger held = new AtomicInteger();
        AtomicInteger highest = new AtomicInteger();
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<TlsSession>>> kept = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                kept.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    List<TlsSession> mine = new ArrayList<>();
                    for (int i = 0; i < attempts; i++) {
                        Optional<TlsSession> s = a.admit("p", TlsRole.SERVER, LOCAL, REMOTE);
                        if (s.isPresent()) {
                            admitted.incrementAndGet();
                            int now = held.incrementAndGet();
                            highest.accumulateAndGet(now, Math::max);
                            assertTrue(a.statistics().activeSessions() <= limit);
                            if ((i + id) % 3 == 0) {
                                held.decrementAndGet();
                                s.get().close();
                                s.get().close();
                            } else {
                                mine.add(s.get());
                            }
                        }
                    }
                    return mine;
                }));
            }
            start.countDown();
            List<TlsSession> all = new ArrayList<>();
            for (Future<List<TlsSession>> f : kept) {
                all.addAll(f.get(60, TimeUnit.SECONDS));
            }
            assertTrue(highest.get() <= limit, "held " + highest.get());
            assertEquals(limit, all.size(), "the limit is reached and held");
            assertEquals(limit, a.statistics().activeSessions());
            assertEquals(limit, a.sessions().size());
            assertEquals((long) threads * attempts - admitted.get(), a.statistics().refusedOverLimit());
            assertEquals(List.of(AlertState.RAISED), events.alerts().stream().map(Alert::state).toList());
            Alert raised = events.alerts().get(0);
            assertEquals(SessionAccounting.ALERT, raised.name());
            assertEquals(AlertSeverity.WARNING, raised.severity());
            assertEquals("tls", raised.module());

            // closing releases once each; the alert clears once below 90%
            for (int i = 0; i < 10; i++) {
                all.get(i).close();
            }
            assertEquals(90, a.statistics().activeSessions());
            assertEquals(1, events.alerts().size(), "90 of 100 is not below 90%");
            all.get(10).close();
            all.get(10).close();
            assertEquals(89, a.statistics().activeSessions());
            assertEquals(List.of(AlertState.RAISED, AlertState.CLEARED),
                    events.alerts().stream().map(Alert::state).toList());
            for (TlsSession s : all) {
                s.close();
            }
            assertEquals(0, a.statistics().activeSessions());
            assertEquals(0, a.sessions().size());
            assertEquals(2, events.alerts().size());
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void failuresAreCountedByReasonAndReleaseTheSlot() {
        Events events = new Events();
        SessionAccounting a = accounting(2, events);
        TlsSession s1 = a.admit("p", TlsRole.SERVER, LOCAL, REMOTE).orElseThrow();
        TlsSession s2 = a.admit("p", TlsRole.CLIENT, LOCAL, REMOTE).orElseThrow();
        assertTrue(a.admit("p", TlsRole.SERVER, LOCAL, REMOTE).isEmpty());
        s1.failed("untrusted certificate");
        s1.failed("untrusted certificate");
        s1.close();
        s2.failed("protocol");
        TlsSession s3 = a.admit("p", TlsRole.SERVER, LOCAL, REMOTE).orElseThrow();
        s3.failed("untrusted certificate");
        assertEquals(Map.of("protocol", 1L, "untrusted certificate", 2L), a.failureReasons());
        assertEquals(3, a.statistics().handshakesFailed());
        assertEquals(0, a.statistics().activeSessions());
        assertEquals(1, a.statistics().refusedOverLimit());
        assertEquals(List.of(AlertState.RAISED, AlertState.CLEARED),
                events.alerts().stream().map(Alert::state).toList());
    }

    @Test
    void withoutLicenceEverythingIsRefusedAndCounted() {
        Events events = new Events();
        SessionAccounting a = accounting(100, events);
        a.limit(0, false);
        for (int i = 0; i < 5; i++) {
            assertTrue(a.admit("p", TlsRole.SERVER, LOCAL, REMOTE).isEmpty());
        }
        assertEquals(5, a.statistics().refusedOverLimit());
        assertEquals(1, events.alerts().size());
        assertTrue(events.alerts().get(0).message().contains("no Intercompany Media Engine licence"),
                events.alerts().get(0).message());
        // the licence arrives: the alert clears and sessions are admitted
        a.limit(100, true);
        assertEquals(List.of(AlertState.RAISED, AlertState.CLEARED),
                events.alerts().stream().map(Alert::state).toList());
        assertTrue(a.admit("p", TlsRole.SERVER, LOCAL, REMOTE).isPresent());
    }

    @Test
    void loweringTheLimitKeepsExistingSessions() {
        SessionAccounting a = accounting(3, new Events());
        List<TlsSession> s = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            s.add(a.admit("p", TlsRole.SERVER, LOCAL, REMOTE).orElseThrow());
        }
        a.limit(1, true);
        assertEquals(3, a.statistics().activeSessions());
        s.get(0).close();
        s.get(1).close();
        assertTrue(a.admit("p", TlsRole.SERVER, LOCAL, REMOTE).isEmpty());
        s.get(2).close();
        assertTrue(a.admit("p", TlsRole.SERVER, LOCAL, REMOTE).isPresent());
    }
}
