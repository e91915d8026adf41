package org.imegate.snmp;

/** Where the SNMP configuration persists. */
public interface SnmpStore {

    /** The configuration saved, or the defaults. */
    SnmpSettings load();

    /** Saves {@code next}, which replaces {@code previous}. */
    void save(SnmpSettings previous, SnmpSettings next);
}
