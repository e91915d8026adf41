package org.imegate.ime.store;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The IME store's portable snapshot, the same on H2 and PostgreSQL: a header line
 * {@code imegate-ime-store <schema version>}, then per table a line {@code table <name> <columns>} and one
 * line per row, each value base64 (UTF-8 text or a decimal number), {@code -} for NULL, separated by
 * tabs; a final {@code end} line.
 */
final class Snapshot {
    static final String MAGIC = "imegate-ime-store";
    /** The tables, parents before children. */
    static final List<String> TABLES = List.of("ime_vcr", "ime_validation", "ime_bucket", "ime_held_result",
            "ime_route", "ime_cache", "ime_setting");
    /** Tables with an identity column {@code id}. */
    static final List<String> IDENTITY = List.of("ime_vcr", "ime_validation", "ime_held_result");

    private Snapshot() {
    }

    static void write(Connection c, String schema, OutputStream out) throws SQLException, IOException {
        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        w.write(MAGIC + " " + schema + "\n");
        Base64.Encoder b64 = Base64.getEncoder();
        for (String table : TABLES) {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT * FROM " + table)) {
                ResultSetMetaData m = r.getMetaData();
                List<String> cols = new ArrayList<>();
                for (int i = 1; i <= m.getColumnCount(); i++) {
                    cols.add(m.getColumnLabel(i).toLowerCase(Locale.ROOT));
                }
                w.write("table " + table + " " + String.join(",", cols) + "\n");
                while (r.next()) {
                    StringBuilder line = new StringBuilder();
                    for (int i = 1; i <= cols.size(); i++) {
                        String v = r.getString(i);
                        if (m.getColumnType(i) == Types.BOOLEAN || m.getColumnType(i) == Types.BIT) {
                            v = r.wasNull() ? null : Boolean.toString(r.getBoolean(i));
                        }
                        line.append(i > 1 ? "\t" : "").append(v == null ? "-"
                                : b64.encodeToString(v.getBytes(StandardCharsets.UTF_8)));
                    }
                    w.write(line.append('\n').toString());
                }
            }
        }
        w.write("end\n");
        w.flush();
    }

    /** Reads a snapshot; with {@code c} null it only checks it. */
    static void read(InputStream in, String schema, Connection c) throws IOException, SQLException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String header = r.readLine();
        if (header == null || !header.startsWith(MAGIC + " ")) {
            throw new IOException("not an IME store snapshot");
        }
        String version = header.substring(MAGIC.length() + 1).strip();
        if (!version.equals(schema)) {
            throw new IOException("IME store snapshot of schema version " + version + ", this store is at " + schema);
        }
        if (c != null) {
            for (int i = TABLES.size() - 1; i >= 0; i--) {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("DELETE FROM " + TABLES.get(i));
                }
            }
        }
        Base64.Decoder b64 = Base64.getDecoder();
        PreparedStatement insert = null;
        String table = null;
        int columns = 0;
        long rows = 0;
        boolean ended = false;
        try {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.equals("end")) {
                    ended = true;
                    break;
                }
                if (line.startsWith("table ")) {
                    String[] f = line.split(" ", 3);
                    if (f.length != 3 || !TABLES.contains(f[1]) || !f[2].matches("[a-z_,]+")) {
                        throw new IOException("bad table line in the IME store snapshot");
                    }
                    table = f[1];
                    columns = f[2].split(",").length;
                    if (insert != null) {
                        insert.close();
                    }
                    insert = c == null ? null : c.prepareStatement("INSERT INTO " + table + " (" + f[2]
                            + ") VALUES (" + "?,".repeat(columns - 1) + "?)");
                    continue;
                }
                if (table == null) {
                    throw new IOException("row before any table in the IME store snapshot");
                }
                String[] v = line.split("\t", -1);
                if (v.length != columns) {
                    throw new IOException("row of " + v.length + " values in " + table + ", expected " + columns);
                }
                for (int i = 0; i < columns; i++) {
                    String value = v[i].equals("-") ? null : new String(b64.decode(v[i]), StandardCharsets.UTF_8);
                    if (insert != null) {
                        if (value == null) {
                            insert.setNull(i + 1, Types.VARCHAR);
                        } else if (value.equals("true") || value.equals("false")) {
                            insert.setBoolean(i + 1, Boolean.parseBoolean(value));
                        } else if (value.matches("-?[0-9]{1,19}")) {
                            insert.setLong(i + 1, Long.parseLong(value));
                        } else {
                            insert.setString(i + 1, value);
                        }
                    }
                }
                if (insert != null) {
                    insert.executeUpdate();
                }
                rows++;
            }
        } catch (IllegalArgumentException e) {
            throw new IOException("bad value in the IME store snapshot: " + e.getMessage(), e);
        } finally {
            if (insert != null) {
                insert.close();
            }
        }
        if (!ended) {
            throw new IOException("the IME store snapshot is truncated (" + rows + " rows read)");
        }
        if (c != null) {
            restartIdentities(c);
        }
    }

    /** Moves each identity past the restored ids. */
    private static void restartIdentities(Connection c) throws SQLException {
        boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
        for (String table : IDENTITY) {
            long next;
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM "
                    + table)) {
                r.next();
                next = r.getLong(1);
            }
            try (Statement s = c.createStatement()) {
                if (postgres) {
                    s.execute("SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), " + next + ", false)");
                } else {
                    s.execute("ALTER TABLE " + table + " ALTER COLUMN id RESTART WITH " + next);
                }
            }
        }
    }
}
