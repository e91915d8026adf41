package org.imegate.tls;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.imegate.api.pki.CertificateInfo;
import org.imegate.api.pki.CertificateKind;

/** Facts about certificates and keys, as operators see them. */
public final class CertificateFactoryUtil {
    private static final long SECONDS_PER_DAY = 86_400L;
    private static final int MAX_CHAIN = 10;

    private CertificateFactoryUtil() {
    }

    /** SHA-256 of {@code data}, lower-case hex. */
    public static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** SHA-256 fingerprint of the certificate's DER encoding, lower-case hex. */
    public static String fingerprint(X509Certificate certificate) {
        return sha256Hex(encoded(certificate));
    }

    /** The DER encoding of {@code certificate}. */
    public static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode certificate", e);
        }
    }

    /** Whether the certificate says it is a CA (basic constraints cA=true). */
    public static boolean isCa(X509Certificate certificate) {
        return certificate.getBasicConstraints() >= 0;
    }

    /** Whether {@code certificate} certifies {@code key}. */
    public static boolean certifies(X509Certificate certificate, PublicKey key) {
        return Arrays.equals(certificate.getPublicKey().getEncoded(), key.getEncoded());
    }

    /** E.g. {@code RSA (2048 bits)}. */
    public static String describe(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return "RSA (" + rsa.getModulus().bitLength() + " bits)";
        }
        if (key instanceof ECPublicKey ec) {
            return "EC (" + ec.getParams().getCurve().getField().getFieldSize() + " bits)";
        }
        return key.getAlgorithm();
    }

    /** Whole days from {@code now} until {@code notAfter}, rounded down; negative once expired. */
    public static long daysUntil(Instant now, Instant notAfter) {
        return Math.floorDiv(Duration.between(now, notAfter).getSeconds(), SECONDS_PER_DAY);
    }

    /** The operator's view of {@code certificate}. */
    public static CertificateInfo info(String trustpoint, CertificateKind kind, X509Certificate certificate,
            Instant now) {
        Instant notAfter = certificate.getNotAfter().toInstant();
        return new CertificateInfo(trustpoint, kind,
                DnRules.rfc4514(certificate.getSubjectX500Principal().getEncoded()),
                DnRules.rfc4514(certificate.getIssuerX500Principal().getEncoded()),
                certificate.getSerialNumber().toString(16).toLowerCase(Locale.ROOT),
                certificate.getNotBefore().toInstant(), notAfter, daysUntil(now, notAfter),
                describe(certificate.getPublicKey()), certificate.getSigAlgName(), fingerprint(certificate),
                Pem.format(certificate));
    }

    /**
     * {@code identity} followed by the certificates of {@code candidates} that issued it, up to the
     * first self-issued one or the first issuer not found; each link is checked by signature.
     */
    public static List<X509Certificate> issuerChain(X509Certificate identity, List<X509Certificate> candidates) {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(identity);
        X509Certificate current = identity;
        while (chain.size() < MAX_CHAIN && !isSelfIssued(current)) {
            X509Certificate issuer = null;
            for (X509Certificate candidate : candidates) {
                if (!chain.contains(candidate)
                        && candidate.getSubjectX500Principal().equals(current.getIssuerX500Principal())
                        && verifies(current, candidate.getPublicKey())) {
                    issuer = candidate;
                    break;
                }
            }
            if (issuer == null) {
                break;
            }
            chain.add(issuer);
            current = issuer;
        }
        return chain;
    }

    private static boolean isSelfIssued(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
    }

    private static boolean verifies(X509Certificate certificate, PublicKey issuerKey) {
        try {
            certificate.verify(issuerKey);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
