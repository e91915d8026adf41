package org.imegate.tls.shell;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.imegate.api.pki.CertificateInfo;
import org.imegate.api.pki.CertificateKind;

/** {@code show crypto ca certificates} blocks, in the ASA's layout. */
final class CertificateText {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss 'UTC' MMM d yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);

    private CertificateText() {
    }

    static String time(Instant t) {
        return TIME.format(t);
    }

    static String block(CertificateInfo c) {
        StringBuilder b = new StringBuilder();
        b.append(c.kind() == CertificateKind.CA ? "CA Certificate\n" : "Certificate\n");
        b.append("  Status: ").append(c.daysUntilExpiry() < 0 ? "Expired" : "Available").append('\n');
        b.append("  Certificate Serial Number: ").append(c.serialNumber()).append('\n');
        b.append("  Certificate Usage: ").append(c.kind() == CertificateKind.CA ? "Signature" : "General Purpose").append('\n');
        b.append("  Public Key Type: ").append(c.publicKey()).append('\n');
        b.append("  Signature Algorithm: ").append(c.signatureAlgorithm()).append('\n');
        b.append("  Issuer Name:\n    ").append(c.issuer()).append('\n');
        b.append("  Subject Name:\n    ").append(c.subject()).append('\n');
        b.append("  Validity Date:\n");
        b.append("    start date: ").append(time(c.notBefore())).append('\n');
        b.append("    end   date: ").append(time(c.notAfter())).append('\n');
        b.append("  Days until expiry: ").append(c.daysUntilExpiry()).append('\n');
        b.append("  SHA-256 Fingerprint: ").append(c.sha256Fingerprint()).append('\n');
        b.append("  Storage: config\n");
        b.append("  Associated Trustpoints: ").append(c.trustpoint()).append('\n');
        return b.toString();
    }
}
