package org.imegate.tls;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM text: formatting DER objects and reading X.509 certificates. Text around the PEM blocks (such
 * as the {@code Bag Attributes} or {@code subject=} lines some tools print) is ignored.
 */
public final class Pem {
    /** PEM type of an X.509 certificate. */
    public static final String CERTIFICATE = "CERTIFICATE";
    /** PEM type of a PKCS#10 certification request. */
    public static final String CERTIFICATE_REQUEST = "CERTIFICATE REQUEST";
    /** PEM type of a SubjectPublicKeyInfo. */
    public static final String PUBLIC_KEY = "PUBLIC KEY";

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END ([A-Z0-9 ]+)-----", Pattern.DOTALL);

    private Pem() {
    }

    /** {@code der} as a PEM block of {@code type}, 64 characters a line, ending with a newline. */
    public static String format(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    /** A certificate as PEM. */
    public static String format(X509Certificate certificate) {
        try {
            return format(CERTIFICATE, certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode certificate", e);
        }
    }

    /**
     * The X.509 certificates of every {@code CERTIFICATE} block in {@code text}, in order.
     *
     * @throws IllegalArgumentException when there is no such block, a block is not properly closed,
     *         its base64 is damaged or its content is not an X.509 certificate
     */
    public static List<X509Certificate> parseCertificates(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("is empty");
        }
        List<X509Certificate> certificates = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            if (!m.group(1).equals(m.group(3))) {
                throw new IllegalArgumentException("has a PEM block that begins as " + m.group(1)
                        + " and ends as " + m.group(3));
            }
            if (!CERTIFICATE.equals(m.group(1))) {
                continue;
            }
            certificates.add(decodeCertificate(decodeBase64(m.group(2))));
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("is not a PEM X.509 certificate (no -----BEGIN CERTIFICATE----- block)");
        }
        return certificates;
    }

    /** Decodes DER bytes as an X.509 certificate. */
    public static X509Certificate decodeCertificate(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw new IllegalArgumentException("is not a PEM X.509 certificate (the block does not decode as X.509)",
                    e);
        }
    }

    private static byte[] decodeBase64(String body) {
        String compact = body.replaceAll("\\s+", "");
        try {
            return Base64.getDecoder().decode(compact);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not a PEM X.509 certificate (damaged base64)", e);
        }
    }
}
