package org.imegate.api.secret;

/**
 * Seals secrets (ticket password, SNMPv3 keys, DRS passwords, key-store passwords) for storage at
 * rest, under the appliance's master key. A sealed value is printable text and reveals nothing of
 * the secret; only the appliance that sealed it (or one restored from its backup) can open it.
 * Secrets are never shown: outputs print {@link #MASK}.
 */
public interface SecretBox {

    /** What every output prints in place of a secret. */
    String MASK = "*****";

    /** Seals {@code secret}; the result starts with {@code ENC(} and ends with {@code )}. */
    String seal(byte[] secret);

    /** Opens a value sealed by {@link #seal(byte[])}; throws IllegalArgumentException if it was altered. */
    byte[] open(String sealed);

    /** Whether {@code value} has the form of a sealed value. */
    static boolean isSealed(String value) {
        return value != null && value.startsWith("ENC(") && value.endsWith(")");
    }
}
