package org.imegate.tls;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.imegate.api.validation.Validate;

/**
 * Reading and checking the X.500 subject names operators give to trustpoints.
 *
 * <p>The text is read as an RFC 4514 string, most specific RDN first, the way the ASA and LDAP write
 * it ({@code cn=enterprise-a.example, o="Example Corp", c=US}); keywords are case-insensitive and
 * values may be quoted. The certificate carries the RDNs in the conventional X.509 order (country
 * first, common name last), so that the RFC 4514 form of the certificate's subject reads as the
 * operator wrote it. Values longer than the RFC 5280 upper bounds are refused.
 */
public final class DnRules {
    private static final String PARAMETER = "subject-name";

    /** RFC 5280 appendix A upper bounds, by attribute. */
    private static final Map<ASN1ObjectIdentifier, Integer> UPPER_BOUNDS = Map.ofEntries(
            Map.entry(BCStyle.CN, 64),
            Map.entry(BCStyle.O, 64),
            Map.entry(BCStyle.OU, 64),
            Map.entry(BCStyle.L, 128),
            Map.entry(BCStyle.ST, 128),
            Map.entry(BCStyle.T, 64),
            Map.entry(BCStyle.SERIALNUMBER, 64),
            Map.entry(BCStyle.EmailAddress, 255),
            Map.entry(BCStyle.DC, 63),
            Map.entry(BCStyle.NAME, 32768),
            Map.entry(BCStyle.GIVENNAME, 32768),
            Map.entry(BCStyle.SURNAME, 32768),
            Map.entry(BCStyle.INITIALS, 32768),
            Map.entry(BCStyle.GENERATION, 32768),
            Map.entry(BCStyle.PSEUDONYM, 128));

    private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");
    private static final Pattern DNS_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    private DnRules() {
    }

    /**
     * Parses and checks {@code text}.
     *
     * @return the name in certificate (DER) order
     * @throws org.imegate.api.validation.ValidationException naming {@code subject-name} and the rule
     */
    public static X500Name parse(String text) {
        Validate.required(PARAMETER, text);
        final X500Name written;
        try {
            written = new X500Name(BCStyle.INSTANCE, text.trim());
        } catch (RuntimeException e) {
            throw Validate.fail(PARAMETER, text, "is not an X.500 distinguished name (" + reason(e)
                    + "); write it as cn=<name>, o=<organization>, c=<country>");
        }
        RDN[] rdns = written.getRDNs();
        if (rdns.length == 0) {
            throw Validate.fail(PARAMETER, text, "is an empty distinguished name");
        }
        for (RDN rdn : rdns) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                check(text, atv);
            }
        }
        RDN[] certificateOrder = rdns.clone();
        java.util.Collections.reverse(Arrays.asList(certificateOrder));
        return new X500Name(BCStyle.INSTANCE, certificateOrder);
    }

    /** The RFC 4514 text of a DER-encoded name, most specific RDN first. */
    public static String rfc4514(byte[] encodedName) {
        return new X500Principal(encodedName).getName(X500Principal.RFC2253);
    }

    /** The RFC 4514 text of a name. */
    public static String rfc4514(X500Name name) {
        try {
            return rfc4514(name.getEncoded());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot encode name", e);
        }
    }

    /** The most specific common name of {@code name}, if any. */
    public static Optional<String> commonName(X500Name name) {
        RDN[] cns = name.getRDNs(BCStyle.CN);
        if (cns.length == 0) {
            return Optional.empty();
        }
        return Optional.of(text(cns[cns.length - 1].getFirst().getValue()));
    }

    /** Whether {@code value} is a fully qualified DNS name (at least two labels, no wildcard). */
    public static boolean isDnsName(String value) {
        if (value == null || value.isEmpty() || value.length() > 253) {
            return false;
        }
        List<String> labels = Arrays.asList(value.split("\\.", -1));
        return labels.size() >= 2 && labels.stream().allMatch(l -> DNS_LABEL.matcher(l).matches())
                && !labels.get(labels.size() - 1).chars().allMatch(Character::isDigit);
    }

    private static void check(String text, AttributeTypeAndValue atv) {
        ASN1ObjectIdentifier type = atv.getType();
        String attribute = displayName(type);
        String value = text(atv.getValue());
        if (value.isEmpty()) {
            throw Validate.fail(PARAMETER, text, "has an empty " + attribute + " value");
        }
        if (BCStyle.C.equals(type)) {
            if (!COUNTRY.matcher(value).matches()) {
                throw Validate.fail(PARAMETER, text, "has C=" + value
                        + ": the country must be a two-letter ISO 3166 code (RFC 5280)");
            }
            return;
        }
        Integer bound = UPPER_BOUNDS.get(type);
        if (bound != null && value.length() > bound) {
            throw Validate.fail(PARAMETER, text, "has a " + attribute + " of " + value.length()
                    + " characters, at most " + bound + " allowed (RFC 5280 upper bound)");
        }
    }

    private static String displayName(ASN1ObjectIdentifier type) {
        String name = BCStyle.INSTANCE.oidToDisplayName(type);
        return name == null ? type.getId() : name;
    }

    private static String text(ASN1Encodable value) {
        if (value instanceof ASN1String s) {
            return s.getString();
        }
        return value.toString();
    }

    private static String reason(RuntimeException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.trim();
    }
}
