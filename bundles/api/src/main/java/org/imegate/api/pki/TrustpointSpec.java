package org.imegate.api.pki;

import java.util.Optional;

/**
 * The settings of {@code crypto ca trustpoint <name>}. An empty field leaves the current value of an
 * existing trustpoint unchanged; to clear a field, remove the trustpoint and define it again.
 *
 * @param name        trustpoint name: 1-128 characters of {@code [A-Za-z0-9_.-]}
 * @param subjectName X.500 subject name, e.g. {@code cn=enterprise-a.example, o="Example Corp"}
 * @param keyPair     label of an existing key pair
 * @param enrollMode  self or terminal
 */
public record TrustpointSpec(String name, Optional<String> subjectName, Optional<String> keyPair,
        Optional<EnrollMode> enrollMode) {

    /** A spec naming only the trustpoint. */
    public static TrustpointSpec named(String name) {
        return new TrustpointSpec(name, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public TrustpointSpec withSubjectName(String dn) {
        return new TrustpointSpec(name, Optional.ofNullable(dn), keyPair, enrollMode);
    }

    public TrustpointSpec withKeyPair(String label) {
        return new TrustpointSpec(name, subjectName, Optional.ofNullable(label), enrollMode);
    }

    public TrustpointSpec withEnrollMode(EnrollMode mode) {
        return new TrustpointSpec(name, subjectName, keyPair, Optional.ofNullable(mode));
    }
}
