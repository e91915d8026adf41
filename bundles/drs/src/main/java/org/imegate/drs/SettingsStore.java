package org.imegate.drs;

/** Where the Master Agent keeps the sealed security password ({@code etc/org.imegate.drs.cfg}). */
public interface SettingsStore {

    /** Saves the sealed ({@code ENC(...)}) security password, keeping the other keys. */
    void saveSecurityPassword(String sealed);
}
