package org.imegate.api.pki;

import java.util.Optional;

/**
 * The outcome of {@code crypto ca enroll <trustpoint>}.
 *
 * @param trustpoint  the trustpoint enrolled
 * @param mode        self or terminal
 * @param subjectName the subject name the certificate will carry
 * @param requestPem  for terminal enrollment, the PKCS#10 certification request (PEM)
 * @param certificate for self enrollment, the new self-signed identity certificate
 */
public record EnrollmentResult(String trustpoint, EnrollMode mode, String subjectName,
        Optional<String> requestPem, Optional<CertificateInfo> certificate) {
}
