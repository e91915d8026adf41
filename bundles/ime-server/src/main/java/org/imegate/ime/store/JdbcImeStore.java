package org.imegate.ime.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.imegate.api.ime.CallDirection;
import org.imegate.api.ime.LearnedRoute;
import org.imegate.api.ime.VoiceCallRecord;
import org.imegate.api.ime.cache.CacheEntry;
import org.imegate.api.ime.store.ImeStore;
import org.imegate.api.ime.store.PendingValidation;
import org.imegate.api.ime.store.PoolState;
import org.imegate.api.ime.store.StoredVcr;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ImeStore} on any JDBC {@link DataSource} (H2 and PostgreSQL are tested). The schema is
 * versioned with Flyway migrations ({@code org/imegate/ime/store/migration}, history table
 * {@value #HISTORY}), applied when the store opens. Every method runs in one transaction and
 * commits before it returns.
 */
public final class JdbcImeStore implements ImeStore {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcImeStore.class);
    static final String HISTORY = "ime_schema_history";
    static final String MIGRATIONS = "classpath:org/imegate/ime/store/migration";
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String VCR_COLUMNS = "v.id, v.direction, v.called, v.calling, v.start_ms, v.stop_ms,"
            + " v.vservice_id, v.received_ms, v.queued";

    private final DataSource ds;
    private final String backend;
    private final String schemaVersion;

    /** Opens the store, applying the schema migrations not yet applied. */
    public JdbcImeStore(DataSource ds) {
        this.ds = ds;
        Flyway flyway = Flyway.configure(JdbcImeStore.class.getClassLoader())
                .dataSource(ds)
                .locations(MIGRATIONS)
                .table(HISTORY)
                .javaMigrations(new org.imegate.ime.store.migration.V2__CalledKey())
                .baselineOnMigrate(false)
                .load();
        int applied = flyway.migrate().migrationsExecuted;
        MigrationInfo current = flyway.info().current();
        this.schemaVersion = current == null ? "0" : current.getVersion().getVersion();
        try (Connection c = ds.getConnection()) {
            DatabaseMetaData m = c.getMetaData();
            this.backend = m.getDatabaseProductName() + " " + m.getDatabaseProductVersion();
        } catch (SQLException e) {
            throw failure("open", e);
        }
        LOG.info("IME store on {}: schema version {} ({} migration(s) applied now)", backend, schemaVersion, applied);
    }

    @Override
    public String backend() {
        return backend;
    }

    @Override
    public String schemaVersion() {
        return schemaVersion;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T tx(String what, Work<T> work) {
        try (Connection c = ds.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private static IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("IME store: " + what + " failed: " + e.getMessage(), e);
    }

    @Override
    public Optional<StoredVcr> insertVcr(VoiceCallRecord vcr, Instant received, Optional<Instant> validationDue) {
        try (Connection c = ds.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                long id;
                try (PreparedStatement p = c.prepareStatement("INSERT INTO ime_vcr (direction, called, calling,"
                        + " start_ms, stop_ms, vservice_id, received_ms, queued, called_key)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
                    p.setString(9, org.imegate.ime.store.migration.V2__CalledKey.calledKey(vcr.calledNumber()));
                    p.setInt(1, vcr.direction().code());
                    p.setString(2, vcr.calledNumber());
                    p.setString(3, vcr.callingNumber());
                    p.setLong(4, vcr.start().toEpochMilli());
                    p.setLong(5, vcr.stop().toEpochMilli());
                    p.setLong(6, vcr.vserviceId());
                    p.setLong(7, received.toEpochMilli());
                    p.setBoolean(8, validationDue.isPresent());
                    p.executeUpdate();
                    try (ResultSet keys = p.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                } catch (SQLException e) {
                    c.rollback();
                    if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                        return Optional.empty();
                    }
                    throw e;
                }
                if (validationDue.isPresent()) {
                    try (PreparedStatement p = c.prepareStatement(
                            "INSERT INTO ime_validation (vcr_id, due_ms, attempts) VALUES (?, ?, 0)")) {
                        p.setLong(1, id);
                        p.setLong(2, validationDue.get().toEpochMilli());
                        p.executeUpdate();
                    }
                }
                c.commit();
                return Optional.of(new StoredVcr(id, vcr, Instant.ofEpochMilli(received.toEpochMilli()),
                        validationDue.isPresent()));
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw failure("insert VCR", e);
        }
    }

    @Override
    public boolean validationScheduledNear(String calledNumber, Instant start, Duration interval) {
        return tx("read VCRs", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM ime_vcr WHERE called = ?"
                    + " AND direction = ? AND queued = TRUE AND start_ms > ? AND start_ms < ?")) {
                p.setString(1, calledNumber);
                p.setInt(2, CallDirection.SENT.code());
                p.setLong(3, start.toEpochMilli() - interval.toMillis());
                p.setLong(4, start.toEpochMilli() + interval.toMillis());
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    return r.getLong(1) > 0;
                }
            }
        });
    }

    @Override
    public long countVcrs(CallDirection direction) {
        return tx("count VCRs", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM ime_vcr WHERE direction = ?")) {
                p.setInt(1, direction.code());
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            }
        });
    }

    @Override
    public List<StoredVcr> terminatingVcrs(String calledNumber, Instant from, Instant to) {
        return tx("read VCRs", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + VCR_COLUMNS + " FROM ime_vcr v WHERE"
                    + " v.called = ? AND v.direction = ? AND v.start_ms >= ? AND v.start_ms <= ? ORDER BY v.start_ms")) {
                p.setString(1, calledNumber);
                p.setInt(2, CallDirection.RECEIVED.code());
                p.setLong(3, from.toEpochMilli());
                p.setLong(4, to.toEpochMilli());
                List<StoredVcr> out = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(vcr(r, 1));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<StoredVcr> terminatingVcrsByKey(String calledKey, Instant from, Instant to) {
        return tx("read VCRs", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + VCR_COLUMNS + " FROM ime_vcr v WHERE"
                    + " v.called_key = ? AND v.direction = ? AND v.start_ms >= ? AND v.start_ms <= ? ORDER BY v.start_ms")) {
                p.setString(1, calledKey);
                p.setInt(2, CallDirection.RECEIVED.code());
                p.setLong(3, from.toEpochMilli());
                p.setLong(4, to.toEpochMilli());
                List<StoredVcr> out = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(vcr(r, 1));
                    }
                }
                return out;
            }
        });
    }

    private static StoredVcr vcr(ResultSet r, int i) throws SQLException {
        long id = r.getLong(i);
        CallDirection d = CallDirection.ofCode(r.getInt(i + 1));
        VoiceCallRecord v = new VoiceCallRecord(r.getString(i + 2), r.getString(i + 3),
                Instant.ofEpochMilli(r.getLong(i + 4)), Instant.ofEpochMilli(r.getLong(i + 5)), d, r.getLong(i + 6));
        return new StoredVcr(id, v, Instant.ofEpochMilli(r.getLong(i + 7)), r.getBoolean(i + 8));
    }

    @Override
    public int purgeVcrs(CallDirection direction, Instant before) {
        return tx("purge VCRs", c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM ime_vcr WHERE direction = ? AND stop_ms < ?"
                    + " AND NOT EXISTS (SELECT 1 FROM ime_validation w WHERE w.vcr_id = ime_vcr.id)")) {
                p.setInt(1, direction.code());
                p.setLong(2, before.toEpochMilli());
                return p.executeUpdate();
            }
        });
    }

    @Override
    public List<PendingValidation> dueValidations(Instant now, int max) {
        return tx("read validations", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT w.id, w.due_ms, w.attempts, " + VCR_COLUMNS
                    + " FROM ime_validation w JOIN ime_vcr v ON v.id = w.vcr_id WHERE w.due_ms <= ?"
                    + " ORDER BY w.due_ms, w.id")) {
                p.setLong(1, now.toEpochMilli());
                p.setMaxRows(max);
                List<PendingValidation> out = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next() && out.size() < max) {
                        out.add(new PendingValidation(r.getLong(1), vcr(r, 4), Instant.ofEpochMilli(r.getLong(2)),
                                r.getInt(3)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public void reschedule(long validationId, Instant due, int attempts) {
        tx("reschedule validation", c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE ime_validation SET due_ms = ?, attempts = ? WHERE id = ?")) {
                p.setLong(1, due.toEpochMilli());
                p.setInt(2, attempts);
                p.setLong(3, validationId);
                return p.executeUpdate();
            }
        });
    }

    @Override
    public void completeValidation(long validationId) {
        tx("complete validation", c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM ime_validation WHERE id = ?")) {
                p.setLong(1, validationId);
                return p.executeUpdate();
            }
        });
    }

    @Override
    public long pendingValidations() {
        return count("SELECT COUNT(*) FROM ime_validation");
    }

    private long count(String sql) {
        return tx("count", c -> {
            try (PreparedStatement p = c.prepareStatement(sql); ResultSet r = p.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    @Override
    public PoolState pool(String peer) {
        return tx("read pool", c -> {
            Map<String, Integer> buckets = new LinkedHashMap<>();
            try (PreparedStatement p = c.prepareStatement("SELECT bucket, bucket_value FROM ime_bucket WHERE peer = ?")) {
                p.setString(1, peer);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        buckets.put(r.getString(1), r.getInt(2));
                    }
                }
            }
            if (buckets.isEmpty()) {
                return PoolState.empty(peer);
            }
            Map<String, List<LearnedRoute>> held = new LinkedHashMap<>();
            try (PreparedStatement p = c.prepareStatement("SELECT bucket, did, peer_domain, sip_uris, ticket,"
                    + " vservice_id, peer, learned_ms, expires_ms FROM ime_held_result WHERE peer = ? ORDER BY id")) {
                p.setString(1, peer);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        held.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(route(r, 2));
                    }
                }
            }
            return new PoolState(peer, buckets, held);
        });
    }

    private static LearnedRoute route(ResultSet r, int i) throws SQLException {
        return new LearnedRoute(r.getString(i), r.getString(i + 1), uris(r.getString(i + 2)), r.getString(i + 3),
                r.getLong(i + 4), r.getString(i + 5), Instant.ofEpochMilli(r.getLong(i + 6)),
                Instant.ofEpochMilli(r.getLong(i + 7)));
    }

    private static List<String> uris(String joined) {
        return joined.isEmpty() ? List.of() : Arrays.asList(joined.split("\n"));
    }

    @Override
    public void savePool(PoolState pool, List<LearnedRoute> learned) {
        tx("save pool", c -> {
            for (String table : new String[] {"ime_bucket", "ime_held_result"}) {
                try (PreparedStatement p = c.prepareStatement("DELETE FROM " + table + " WHERE peer = ?")) {
                    p.setString(1, pool.peer());
                    p.executeUpdate();
                }
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO ime_bucket (peer, bucket, bucket_value) VALUES (?, ?, ?)")) {
                for (Map.Entry<String, Integer> b : pool.buckets().entrySet()) {
                    p.setString(1, pool.peer());
                    p.setString(2, b.getKey());
                    p.setInt(3, b.getValue());
                    p.addBatch();
                }
                p.executeBatch();
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO ime_held_result (peer, bucket, did,"
                    + " peer_domain, sip_uris, ticket, vservice_id, learned_ms, expires_ms)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int n = 0;
                for (Map.Entry<String, List<LearnedRoute>> h : pool.held().entrySet()) {
                    for (LearnedRoute route : h.getValue()) {
                        p.setString(1, pool.peer());
                        p.setString(2, h.getKey());
                        p.setString(3, route.number());
                        p.setString(4, route.domain());
                        p.setString(5, String.join("\n", route.sipUris()));
                        p.setString(6, route.ticket());
                        p.setLong(7, route.vserviceId());
                        p.setLong(8, route.learnedOn().toEpochMilli());
                        p.setLong(9, route.expiresOn().toEpochMilli());
                        p.addBatch();
                        n++;
                    }
                }
                if (n > 0) {
                    p.executeBatch();
                }
            }
            for (LearnedRoute route : learned) {
                try (PreparedStatement p = c.prepareStatement("DELETE FROM ime_route WHERE did = ?")) {
                    p.setString(1, route.number());
                    p.executeUpdate();
                }
                try (PreparedStatement p = c.prepareStatement("INSERT INTO ime_route (did, peer_domain, sip_uris,"
                        + " ticket, vservice_id, peer, learned_ms, expires_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    p.setString(1, route.number());
                    p.setString(2, route.domain());
                    p.setString(3, String.join("\n", route.sipUris()));
                    p.setString(4, route.ticket());
                    p.setLong(5, route.vserviceId());
                    p.setString(6, route.peer());
                    p.setLong(7, route.learnedOn().toEpochMilli());
                    p.setLong(8, route.expiresOn().toEpochMilli());
                    p.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public long heldResults() {
        return count("SELECT COUNT(*) FROM ime_held_result");
    }

    @Override
    public List<LearnedRoute> learnedRoutes() {
        return tx("read routes", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT did, peer_domain, sip_uris, ticket, vservice_id,"
                    + " peer, learned_ms, expires_ms FROM ime_route ORDER BY did"); ResultSet r = p.executeQuery()) {
                List<LearnedRoute> out = new ArrayList<>();
                while (r.next()) {
                    out.add(route(r, 1));
                }
                return out;
            }
        });
    }

    @Override
    public int purgeRoutes(Instant now) {
        return tx("purge routes", c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM ime_route WHERE expires_ms <= ?")) {
                p.setLong(1, now.toEpochMilli());
                return p.executeUpdate();
            }
        });
    }

    @Override
    public void cachePut(byte[] resourceId, String key, byte[] value, Instant expires) {
        String rid = HexFormat.of().formatHex(resourceId);
        tx("cache store", c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM ime_cache WHERE resource_id = ? AND dict_key = ?")) {
                p.setString(1, rid);
                p.setString(2, key);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO ime_cache (resource_id, dict_key, entry_value,"
                    + " value_bytes, expires_ms) VALUES (?, ?, ?, ?, ?)")) {
                p.setString(1, rid);
                p.setString(2, key);
                p.setString(3, Base64.getEncoder().encodeToString(value));
                p.setInt(4, value.length);
                p.setLong(5, expires.toEpochMilli());
                return p.executeUpdate();
            }
        });
    }

    @Override
    public List<CacheEntry> cacheGet(byte[] resourceId, Instant now) {
        String rid = HexFormat.of().formatHex(resourceId);
        return tx("cache fetch", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT dict_key, entry_value, expires_ms FROM ime_cache"
                    + " WHERE resource_id = ? AND expires_ms > ? ORDER BY dict_key")) {
                p.setString(1, rid);
                p.setLong(2, now.toEpochMilli());
                List<CacheEntry> out = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(new CacheEntry(r.getString(1), Base64.getDecoder().decode(r.getString(2)),
                                Instant.ofEpochMilli(r.getLong(3))));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public int cachePurge(Instant now) {
        return tx("cache purge", c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM ime_cache WHERE expires_ms <= ?")) {
                p.setLong(1, now.toEpochMilli());
                return p.executeUpdate();
            }
        });
    }

    @Override
    public long cacheBytes() {
        return count("SELECT COALESCE(SUM(value_bytes), 0) FROM ime_cache");
    }

    @Override
    public Optional<String> setting(String key) {
        return tx("read setting", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT setting_value FROM ime_setting WHERE setting_key = ?")) {
                p.setString(1, key);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(r.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    @Override
    public void setSetting(String key, String value) {
        tx("save setting", c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM ime_setting WHERE setting_key = ?")) {
                p.setString(1, key);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO ime_setting (setting_key, setting_value) VALUES (?, ?)")) {
                p.setString(1, key);
                p.setString(2, value);
                return p.executeUpdate();
            }
        });
    }

    @Override
    public void exportTo(java.io.OutputStream out) throws java.io.IOException {
        try (Connection c = ds.getConnection()) {
            boolean auto = c.getAutoCommit();
            int isolation = c.getTransactionIsolation();
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                Snapshot.write(c, schemaVersion, out);
                c.commit();
            } finally {
                c.setTransactionIsolation(isolation);
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new java.io.IOException("IME store snapshot failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void checkExport(java.io.InputStream in) throws java.io.IOException {
        try {
            Snapshot.read(in, schemaVersion, null);
        } catch (SQLException e) {
            throw new java.io.IOException(e.getMessage(), e);
        }
    }

    @Override
    public void importFrom(java.io.InputStream in) throws java.io.IOException {
        try (Connection c = ds.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                Snapshot.read(in, schemaVersion, c);
                c.commit();
                LOG.info("IME store restored from a snapshot");
            } catch (SQLException | java.io.IOException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new java.io.IOException("IME store restore failed: " + e.getMessage(), e);
        }
    }
}
