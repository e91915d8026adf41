package org.imegate.api.pki;

/** How a trustpoint obtains its identity certificate ({@code enroll self} / {@code enroll terminal}). */
public enum EnrollMode {
    /** The appliance signs the identity certificate itself. */
    SELF,
    /** Manual enrollment: a PKCS#10 request is shown, the CA's answer is pasted with {@code ca-import}. */
    TERMINAL
}
