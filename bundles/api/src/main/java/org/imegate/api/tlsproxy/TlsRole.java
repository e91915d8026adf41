package org.imegate.api.tlsproxy;

/** Which side of the TLS connection the appliance is. */
public enum TlsRole {
    /** The peer opened the connection (inbound, server trust-point). */
    SERVER,
    /** The appliance opened it (outbound, client trust-point). */
    CLIENT
}
