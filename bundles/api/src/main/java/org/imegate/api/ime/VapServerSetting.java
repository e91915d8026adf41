package org.imegate.api.ime;

/** The per-instance options of {@code set ime vapserver <option> <name> <value>} (IME-13). */
public enum VapServerSetting {
    AUTHENTICATIONMODE, ENABLED, KEEPALIVEINTERVAL, MAXCONNECTIONSALLOWED, PORT, TRUSTPOINT
}
