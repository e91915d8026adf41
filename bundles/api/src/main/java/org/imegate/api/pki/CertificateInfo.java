package org.imegate.api.pki;

import java.time.Instant;

/**
 * What an operator sees of a certificate.
 *
 * @param trustpoint         the trustpoint holding it
 * @param kind               identity or CA certificate
 * @param subject            subject DN (RFC 4514)
 * @param issuer             issuer DN (RFC 4514)
 * @param serialNumber       serial number, lower-case hex
 * @param notBefore          start of validity
 * @param notAfter           end of validity
 * @param daysUntilExpiry    whole days from now until {@code notAfter}; negative when expired
 * @param publicKey          e.g. {@code RSA (2048 bits)}
 * @param signatureAlgorithm e.g. {@code SHA256withRSA}
 * @param sha256Fingerprint  SHA-256 of the DER encoding, hex
 * @param pem                the certificate, PEM
 */
public record CertificateInfo(String trustpoint, CertificateKind kind, String subject, String issuer,
        String serialNumber, Instant notBefore, Instant notAfter, long daysUntilExpiry, String publicKey,
        String signatureAlgorithm, String sha256Fingerprint, String pem) {
}
