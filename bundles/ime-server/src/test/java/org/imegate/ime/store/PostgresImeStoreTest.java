package org.imegate.ime.store;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The IME store contract on a real PostgreSQL, started by the test in a throwaway cluster. */
class PostgresImeStoreTest extends ImeStoreContract {
    private static PostgresCluster cluster;
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private final List<HikariDataSource> pools = new ArrayList<>();
    private String database;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = PostgresCluster.start();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void createDatabase() throws Exception {
        database = "ime" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(cluster.url("postgres")); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
    }

    @Override
    DataSource dataSource() {
        return reopen();
    }

    @Override
    DataSource reopen() {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(cluster.url(database));
        ds.setMaximumPoolSize(4);
        pools.add(ds);
        return ds;
    }

    @AfterEach
    void close() {
        pools.forEach(HikariDataSource::close);
    }
}
