package org.imegate.ime.store.migration;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HexFormat;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Schema version 2: VCRs are also found by the hash of their called number (the least significant 128
 * bits of SHA-1 of the +E.164 string, as in the ring), which is all a validating peer discloses. Adds
 * {@code ime_vcr.called_key}, fills it for the VCRs already stored, and indexes it.
 */
public class V2__CalledKey extends BaseJavaMigration {

    /** The called-number key of {@code number}: hex of the low 128 bits of SHA-1. */
    public static String calledKey(String number) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-1").digest(number.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(Arrays.copyOfRange(h, h.length - 16, h.length));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE ime_vcr ADD COLUMN called_key VARCHAR(32)");
        }
        try (PreparedStatement read = c.prepareStatement("SELECT DISTINCT called FROM ime_vcr");
             PreparedStatement write = c.prepareStatement("UPDATE ime_vcr SET called_key = ? WHERE called = ?");
             ResultSet r = read.executeQuery()) {
            while (r.next()) {
                write.setString(1, calledKey(r.getString(1)));
                write.setString(2, r.getString(1));
                write.executeUpdate();
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE INDEX ime_vcr_by_called_key ON ime_vcr (called_key, direction, start_ms)");
        }
    }
}
