package org.imegate.api.ime;

/** VAP server security mode (IME-16): digest authentication on TCP, or digest authentication over TLS. */
public enum VapAuthMode {
    /** Digest-based authentication (MESSAGE-INTEGRITY), no encryption: plain TCP. */
    AUTHENTICATED,
    /** Digest-based authentication over TLS (recommended). */
    ENCRYPTED
}
