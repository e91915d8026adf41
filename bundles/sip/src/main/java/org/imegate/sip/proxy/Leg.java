package org.imegate.sip.proxy;

/** The two sides of the proxy. */
public enum Leg {
    /** Toward the Internet and other enterprises (SIP/TLS). */
    OUTSIDE,
    /** Toward the local call agent (TCP or TLS). */
    INSIDE;

    public Leg other() {
        return this == OUTSIDE ? INSIDE : OUTSIDE;
    }
}
