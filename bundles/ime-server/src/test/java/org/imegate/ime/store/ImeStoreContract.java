package org.imegate.ime.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.imegate.api.ime.CallDirection;
import org.imegate.api.ime.LearnedRoute;
import org.imegate.api.ime.VoiceCallRecord;
import org.imegate.api.ime.cache.CacheEntry;
import org.imegate.api.ime.store.PendingValidation;
import org.imegate.api.ime.store.PoolState;
import org.imegate.api.ime.store.StoredVcr;
import org.junit.jupiter.api.Test;

/** What every database behind the IME store must do; run on H2 and on PostgreSQL. */
abstract class ImeStoreContract {

    static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    /** A fresh, empty database. */
    abstract DataSource dataSource();

    /** The same database reopened (a new pool), as after a restart. */
    abstract DataSource reopen();

    static VoiceCallRecord vcr(String called, String calling, Instant start, CallDirection d) {
        return new VoiceCallRecord(called, calling, start, start.plusSeconds(95), d, 0x3834353762636435L);
    }

    @Test
    void migratesOnceAndReportsItsSchema() {
        JdbcImeStore store = new JdbcImeStore(dataSource());
        assertEquals("2", store.schemaVersion());
        JdbcImeStore again = new JdbcImeStore(reopen());
        assertEquals("2", again.schemaVersion());
        assertFalse(again.backend().isBlank());
    }

    @Test
    void version2FillsTheKeyOfVcrsStoredUnderVersion1() throws Exception {
        DataSource ds = dataSource();
        org.flywaydb.core.Flyway.configure(JdbcImeStore.class.getClassLoader()).dataSource(ds)
                .locations(JdbcImeStore.MIGRATIONS).table(JdbcImeStore.HISTORY).target("1").load().migrate();
        try (java.sql.Connection c = ds.getConnection(); java.sql.Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO ime_vcr (direction, called, calling, start_ms, stop_ms, vservice_id,"
                    + " received_ms, queued) VALUES (0, '+14085551212', '', " + T0.toEpochMilli() + ", "
                    + T0.plusSeconds(60).toEpochMilli() + ", 7, 0, FALSE)");
        }
        JdbcImeStore store = new JdbcImeStore(reopen());
        assertEquals("2", store.schemaVersion());
        assertEquals(1, store.terminatingVcrsByKey(org.imegate.ime.store.migration.V2__CalledKey.calledKey(
                "+14085551212"), T0, T0).size());
    }

    @Test
    void aVcrIsStoredOnceAndSurvivesReopening() {
        JdbcImeStore store = new JdbcImeStore(dataSource());
        VoiceCallRecord v = vcr("+14085551212", "+17325550100", T0, CallDirection.SENT);
        Optional<StoredVcr> first = store.insertVcr(v, T0.plusSeconds(100), Optional.of(T0.plusSeconds(200)));
        assertTrue(first.isPresent());
        assertTrue(store.insertVcr(v, T0.plusSeconds(101), Optional.of(T0.plusSeconds(300))).isEmpty(),
                "the same VCR twice is a duplicate");
        assertEquals(1, store.pendingValidations(), "the duplicate scheduled nothing");
        // a terminating VCR with the same numbers and time is another record
        assertTrue(store.insertVcr(vcr("+14085551212", "+17325550100", T0, CallDirection.RECEIVED), T0,
                Optional.empty()).isPresent());

        JdbcImeStore reopened = new JdbcImeStore(reopen());
        assertEquals(1, reopened.countVcrs(CallDirection.SENT));
        assertEquals(1, reopened.countVcrs(CallDirection.RECEIVED));
        List<PendingValidation> due = reopened.dueValidations(T0.plusSeconds(200), 10);
        assertEquals(1, due.size());
        assertEquals(v, due.get(0).vcr().vcr());
        assertTrue(reopened.dueValidations(T0.plusSeconds(199), 10).isEmpty(), "not due before its time");
    }

    @Test
    void validationsAreRescheduledAndCompleted() {
        JdbcImeStore store = new JdbcImeStore(dataSource());
        for (int i = 0; i < 5; i++) {
            store.insertVcr(vcr("+1408555120" + i, "", T0.plusSeconds(i), CallDirection.SENT), T0,
                    Optional.of(T0.plusSeconds(10 + i)));
        }
        List<PendingValidation> due = store.dueValidations(T0.plusSeconds(100), 3);
        assertEquals(3, due.size());
        assertEquals("+14085551200", due.get(0).vcr().vcr().calledNumber(), "earliest first");
        store.reschedule(due.get(0).id(), T0.plusSeconds(500), 1);
        store.completeValidation(due.get(1).id());
        assertEquals(4, store.pendingValidations());
        List<PendingValidation> later = store.dueValidations(T0.plusSeconds(1000), 10);
        assertEquals(4, later.size());
        assertEquals(1, later.get(3).attempts());
    }

    @Test
    void theMinimumIntervalLooksAtScheduledVcrsOnly() {
        JdbcImeStore store = new JdbcImeStore(dataSource());
        store.insertVcr(vcr("+14085551212", "", T0, CallDirection.SENT), T0, Optional.of(T0));
        store.insertVcr(vcr("+14085559999", "", T0, CallDirection.SENT), T0, Optional.empty());
        Duration hour = Duration.ofHours(1);
        assertTrue(store.validationScheduledNear("+14085551212", T0.plusSeconds(3599), hour));
        assertTrue(store.validationScheduledNear("+14085551212", T0.minusSeconds(3599), hour));
        assertFalse(store.validationScheduledNear("+14085551212", T0.plusSeconds(3600), hour));
        assertFalse(store.validationScheduledNear("+14085559999", T0, hour), "a VCR not scheduled does not count");
    }

    @Test
    void terminatingVcrsAreFoundByNumberAndTimeAndPurged() {
        JdbcImeStore store = new JdbcImeStore(dataSource());
        store.insertVcr(vcr("+14085551212", "+1", T0, CallDirection.RECEIVED), T0, Optional.empty());
        store.insertVcr(vcr("+14085551212", "+2", T0.plusSeconds(3600), CallDirection.RECEIVED), T0, Optional.empty());
        store.insertVcr(vcr("+14085551213", "+3", T0, CallDirection.RECEIVED), T0, Optional.empty());
        List<StoredVcr> found = store.terminatingVcrs("+14085551212", T0.minusSeconds(10), T0.plusSeconds(10));
        assertEquals(1, found.size());
        assertEquals("+1", found.get(0).vcr().callingNumber());
        List<StoredVcr> byKey = store.terminatingVcrsByKey(
                org.imegate.ime.store.migration.V2__CalledKey.calledKey("+14085551212"),
                T0.minusSeconds(10), T0.plusSeconds(4000));
        assertEquals(2, byKey.size(), "found by the hash of the number");
        assertEquals(2, store.purgeVcrs(CallDirection.RECEIVED, T0.plusSeconds(1000)), "only those that stopped before");
        assertEquals(1, store.countVcrs(CallDirection.RECEIVED));
    }

    @Test
    void poolsHoldResultsAndRoutesReplaceOlderOnes() {
        JdbcImeStore store = new JdbcImeStore(dataSource());
        assertEquals(PoolState.empty("peer-a"), store.pool("peer-a"));
        LearnedRoute r1 = route("+14085551212", "t1");
        LearnedRoute r2 = route("+14085551213", "t2");
        store.savePool(new PoolState("peer-a", Map.of(PoolState.DEFAULT_BUCKET, 16, "+14085551299", 0),
                Map.of(PoolState.DEFAULT_BUCKET, List.of(r1, r2))), List.of());
        PoolState read = new JdbcImeStore(reopen()).pool("peer-a");
        assertEquals(16, read.buckets().get(PoolState.DEFAULT_BUCKET));
        assertEquals(0, read.buckets().get("+14085551299"));
        assertEquals(List.of(r1, r2), read.held().get(PoolState.DEFAULT_BUCKET));
        assertEquals(2, store.heldResults());

        store.savePool(PoolState.empty("peer-a"), List.of(r1, r2));
        store.savePool(PoolState.empty("peer-a"), List.of(route("+14085551212", "t3")));
        assertEquals(0, store.heldResults());
        List<LearnedRoute> routes = store.learnedRoutes();
        assertEquals(2, routes.size());
        assertEquals("t3", routes.get(0).ticket(), "a newer route for a number replaces the older");
        assertEquals(List.of("sip:a@b.example:5061;maddr=127.0.0.5;transport=tcp", "sip:a@b.example:5062"),
                routes.get(0).sipUris());
        assertEquals(2, store.purgeRoutes(T0.plus(Duration.ofDays(366))));
    }

    static LearnedRoute route(String number, String ticket) {
        return new LearnedRoute(number, "b.example", List.of("sip:a@b.example:5061;maddr=127.0.0.5;transport=tcp",
                "sip:a@b.example:5062"), ticket, 7, "peer-a", T0, T0.plus(Duration.ofDays(365)));
    }

    @Test
    void cacheEntriesExpireAndAreReplacedByKey() {
        JdbcImeStore store = new JdbcImeStore(dataSource());
        byte[] rid = new byte[16];
        rid[15] = 7;
        store.cachePut(rid, "aa+01", new byte[] {1, 2, 3}, T0.plusSeconds(60));
        store.cachePut(rid, "aa+01", new byte[] {4, 5}, T0.plusSeconds(60));
        store.cachePut(rid, "bb+01", new byte[] {6}, T0.plusSeconds(10));
        List<CacheEntry> all = new JdbcImeStore(reopen()).cacheGet(rid, T0);
        assertEquals(2, all.size());
        assertArrayEquals(new byte[] {4, 5}, all.get(0).value());
        assertEquals(3, store.cacheBytes());
        assertEquals(1, store.cacheGet(rid, T0.plusSeconds(10)).size(), "expired entries are not returned");
        assertEquals(1, store.cachePurge(T0.plusSeconds(10)));
        assertTrue(store.cacheGet(new byte[16], T0).isEmpty());
    }

    @Test
    void aSnapshotRestoresEveryTableAndIdsGoOn() throws Exception {
        JdbcImeStore store = new JdbcImeStore(dataSource());
        store.insertVcr(vcr("+14085551212", "+17325550100", T0, CallDirection.SENT), T0, Optional.of(T0));
        store.insertVcr(vcr("+14085551213", "", T0, CallDirection.RECEIVED), T0, Optional.empty());
        store.savePool(new PoolState("peer-a", Map.of(PoolState.DEFAULT_BUCKET, 8),
                Map.of(PoolState.DEFAULT_BUCKET, List.of(route("+14085551299", "t0")))), List.of(route("+14085551298", "t1")));
        store.cachePut(new byte[16], "aa+01", new byte[] {1, 2, 3}, T0.plusSeconds(3600));
        store.setSetting("peer.id", "00ff");
        java.io.ByteArrayOutputStream snapshot = new java.io.ByteArrayOutputStream();
        store.exportTo(snapshot);
        store.checkExport(new java.io.ByteArrayInputStream(snapshot.toByteArray()));
        // everything changes, then the snapshot comes back
        store.insertVcr(vcr("+14085559999", "", T0, CallDirection.SENT), T0, Optional.of(T0));
        store.savePool(PoolState.empty("peer-a"), List.of());
        store.setSetting("peer.id", "0000");
        store.importFrom(new java.io.ByteArrayInputStream(snapshot.toByteArray()));
        JdbcImeStore after = new JdbcImeStore(reopen());
        assertEquals(1, after.countVcrs(CallDirection.SENT));
        assertEquals(1, after.countVcrs(CallDirection.RECEIVED));
        assertEquals(1, after.pendingValidations());
        assertEquals(8, after.pool("peer-a").buckets().get(PoolState.DEFAULT_BUCKET));
        assertEquals(1, after.heldResults());
        assertEquals(1, after.learnedRoutes().size());
        assertEquals(Optional.of("00ff"), after.setting("peer.id"));
        assertEquals(1, after.cacheGet(new byte[16], T0).size());
        assertTrue(after.insertVcr(vcr("+14085557777", "", T0, CallDirection.SENT), T0, Optional.of(T0)).isPresent(),
                "new rows get new ids after a restore");
        byte[] damaged = java.util.Arrays.copyOf(snapshot.toByteArray(), snapshot.size() - 10);
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> after.checkExport(new java.io.ByteArrayInputStream(damaged)));
    }

    @Test
    void settingsPersist() {
        JdbcImeStore store = new JdbcImeStore(dataSource());
        assertTrue(store.setting("peer.id").isEmpty());
        store.setSetting("peer.id", "8e60f5fab753037f64ab6c53947fd532");
        store.setSetting("peer.id", "8e60f5fab753037f64ab6c53947fd533");
        assertEquals(Optional.of("8e60f5fab753037f64ab6c53947fd533"), new JdbcImeStore(reopen()).setting("peer.id"));
    }
}
