package org.imegate.ime.store;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The IME store contract on an embedded H2 file database (the appliance's default). */
class H2ImeStoreTest extends ImeStoreContract {

    @TempDir
    Path dir;
    private final List<HikariDataSource> pools = new ArrayList<>();

    /** The URL the appliance uses (etc/org.ops4j.datasource-ime.cfg), in a temporary directory. */
    static String url(Path dir) {
        return "jdbc:h2:" + dir.resolve("ime").toAbsolutePath() + ";WRITE_DELAY=0";
    }

    @Override
    DataSource dataSource() {
        return reopen();
    }

    @Override
    DataSource reopen() {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(url(dir));
        ds.setMaximumPoolSize(4);
        pools.add(ds);
        return ds;
    }

    @AfterEach
    void close() {
        pools.forEach(HikariDataSource::close);
    }
}
