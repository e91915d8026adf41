package org.imegate.api.pki;

/** The role a certificate plays in a trustpoint. */
public enum CertificateKind {
    /** The appliance's own certificate, for the trustpoint's key pair. */
    IDENTITY,
    /** A CA (or peer) certificate installed with {@code ca-authenticate}; trusted for peer validation. */
    CA
}
