package org.imegate.ticket;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.imegate.api.sip.TerminationCause;
import org.imegate.api.ticket.TicketCheck;
import org.imegate.api.ticket.TicketRequest;
import org.imegate.api.ticket.TicketService;
import org.imegate.api.ticket.TicketVerdict;

/**
 * Issues and verifies tickets under one epoch and key (catalogue UND-01). Verification runs the checks
 * in the fixed order of UND-01 and stops at the first failure, so each refusal has exactly one cause:
 * decode (compact form, {@code alg}, {@code typ}, claims) → epoch ({@code kid}) → MAC (constant time) →
 * times ({@code [nbf − 300 s, exp + 300 s]}) → {@code sub} = calling domain → Request-URI number in
 * {@code did} → every domain-name route host within the calling domain (UND-23). Immutable and
 * thread-safe.
 */
final class TicketCodec {
    static final JOSEObjectType TYPE = new JOSEObjectType("uc-ime-ticket");
    /** Longer header values are refused before parsing (a ticket is about 400 characters). */
    static final int MAX_LENGTH = 4096;
    /** Three base64url segments, no padding, nothing else. */
    private static final Pattern COMPACT = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern VISUAL_SEPARATORS = Pattern.compile("[-.() ]");
    private static final long SKEW_MS = TicketService.SKEW.toMillis();
    private static final long VALIDITY_MS = TicketService.VALIDITY.toMillis();

    private final int epoch;
    private final String kid;
    private final byte[] key;
    private final MACSigner signer;
    private final MACVerifier verifier;
    private final JWSHeader header;

    TicketCodec(int epoch, byte[] key) {
        this.epoch = TicketKeys.epoch(epoch);
        this.kid = Integer.toString(epoch);
        this.key = key.clone();
        try {
            this.signer = new MACSigner(this.key);
            this.verifier = new MACVerifier(this.key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("ticket key refused: " + e.getMessage(), e);
        }
        this.header = new JWSHeader.Builder(JWSAlgorithm.HS256).type(TYPE).keyID(kid).build();
    }

    int epoch() {
        return epoch;
    }

    /** Whether this codec uses {@code otherEpoch} and {@code otherKey} (constant-time key comparison). */
    boolean sameAs(int otherEpoch, byte[] otherKey) {
        return epoch == otherEpoch && MessageDigest.isEqual(key, otherKey);
    }

    /** The ticket for {@code request} with the 12 random octets {@code jti}. */
    String issue(TicketRequest request, byte[] jti) {
        long iat = request.issuedAt().getEpochSecond() * 1000;
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(request.issuerDomain())
                .subject(request.callingDomain())
                .claim("did", request.dids().size() == 1 ? request.dids().get(0) : request.dids())
                .issueTime(new Date(iat))
                .notBeforeTime(new Date(iat))
                .expirationTime(new Date(iat + VALIDITY_MS))
                .jwtID(Base64URL.encode(jti).toString())
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("ticket signing failed: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    /** Verifies {@code check}; never throws on any ticket text. */
    TicketVerdict verify(TicketCheck check) {
        String text = check.ticketHeader();
        if (text == null) {
            return refused(TerminationCause.TICKET_NOT_FOUND, "no " + TicketService.HEADER + " header");
        }
        text = text.trim();
        if (text.length() > MAX_LENGTH) {
            return refused(TerminationCause.TICKET_DECODE_FAILED, "ticket longer than " + MAX_LENGTH + " characters");
        }
        if (!COMPACT.matcher(text).matches()) {
            return refused(TerminationCause.TICKET_DECODE_FAILED, "ticket is not a JWS compact serialization");
        }
        final SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(text);
        } catch (ParseException | RuntimeException e) {
            return refused(TerminationCause.TICKET_DECODE_FAILED, "ticket header cannot be decoded");
        }
        Decoded d;
        try {
            d = decode(jwt, text);
        } catch (Malformed e) {
            return refused(TerminationCause.TICKET_DECODE_FAILED, "ticket refused: " + e.getMessage());
        } catch (ParseException | RuntimeException e) {
            return refused(TerminationCause.TICKET_DECODE_FAILED, "ticket claims cannot be decoded");
        }
        if (!kid.equals(d.kid)) {
            return refused(TerminationCause.TICKET_EPOCH_MISMATCH, "ticket epoch " + safe(d.kid)
                    + " is not the configured epoch " + epoch);
        }
        boolean intact;
        try {
            intact = jwt.verify(verifier);
        } catch (JOSEException | RuntimeException e) {
            intact = false;
        }
        if (!intact) {
            return refused(TerminationCause.TICKET_INTEGRITY_CHECK_FAILED,
                    "ticket MAC does not verify with the configured password");
        }
        TicketVerdict time = checkTime(d, check.now());
        if (time != null) {
            return time;
        }
        String callingDomain = domain(check.callingDomain());
        if (callingDomain.isEmpty() || !callingDomain.equals(domain(d.sub))) {
            return refused(TerminationCause.TICKET_DOMAIN_CHECK_FAILED, "ticket issued to " + safe(d.sub)
                    + ", presented by " + (callingDomain.isEmpty() ? "an unknown domain" : safe(callingDomain)));
        }
        String called = number(check.requestUriUser());
        boolean permitted = false;
        for (String did : d.dids) {
            permitted |= !called.isEmpty() && called.equals(number(did));
        }
        if (!permitted) {
            return refused(TerminationCause.TICKET_DID_MISMATCH, "called number " + safe(called)
                    + " is not permitted by the ticket");
        }
        for (String host : check.routeHosts()) {
            String h = host == null ? "" : host.trim().toLowerCase(Locale.ROOT);
            if (isIpLiteral(h)) {
                continue;
            }
            h = domain(h);
            if (!h.equals(callingDomain) && !h.endsWith("." + callingDomain)) {
                return refused(TerminationCause.ROUTE_DOMAIN_NAME_CHECK_FAILED, "route host " + safe(h)
                        + " is not in the calling domain " + safe(callingDomain));
            }
        }
        return TicketVerdict.accepted();
    }

    private static TicketVerdict checkTime(Decoded d, Instant now) {
        long t = now.toEpochMilli();
        if (d.nbf > d.exp || d.iat > d.exp) {
            return refused(TerminationCause.TICKET_TIMESTAMP_INVALID, "ticket times are inconsistent (iat "
                    + Instant.ofEpochMilli(d.iat) + ", nbf " + Instant.ofEpochMilli(d.nbf) + ", exp "
                    + Instant.ofEpochMilli(d.exp) + ")");
        }
        if (d.exp - d.iat > VALIDITY_MS) {
            return refused(TerminationCause.TICKET_TIMESTAMP_INVALID, "ticket lifetime exceeds "
                    + TicketService.VALIDITY.toDays() + " days");
        }
        if (t < d.nbf - SKEW_MS) {
            return refused(TerminationCause.TICKET_TIMESTAMP_INVALID, "ticket not valid before "
                    + Instant.ofEpochMilli(d.nbf));
        }
        if (t > d.exp + SKEW_MS) {
            return refused(TerminationCause.TICKET_TIMESTAMP_INVALID, "ticket expired at " + Instant.ofEpochMilli(d.exp));
        }
        if (d.iat > t + SKEW_MS) {
            return refused(TerminationCause.TICKET_TIMESTAMP_INVALID, "ticket issued in the future at "
                    + Instant.ofEpochMilli(d.iat));
        }
        return null;
    }

    /** The protected header and claims, checked for form only (not yet authenticated). */
    private static Decoded decode(SignedJWT jwt, String text) throws Malformed, ParseException {
        JWSHeader h = jwt.getHeader();
        if (!JWSAlgorithm.HS256.equals(h.getAlgorithm())) {
            throw new Malformed("algorithm " + safe(h.getAlgorithm().getName()) + ", HS256 required");
        }
        if (!TYPE.equals(h.getType())) {
            throw new Malformed("type " + safe(h.getType() == null ? null : h.getType().getType())
                    + ", uc-ime-ticket required");
        }
        if (h.getCriticalParams() != null && !h.getCriticalParams().isEmpty()) {
            throw new Malformed("critical header parameters are not supported");
        }
        if (h.getKeyID() == null) {
            throw new Malformed("kid (epoch) missing");
        }
        // the MAC covers the first two segments as text, not the signature: it must be canonical
        String signature = text.substring(text.lastIndexOf('.') + 1);
        if (!Base64URL.encode(jwt.getSignature().decode()).toString().equals(signature)) {
            throw new Malformed("signature is not canonical base64url");
        }
        JWTClaimsSet c = jwt.getJWTClaimsSet();
        String iss = required("iss", c.getStringClaim("iss"));
        String sub = required("sub", c.getStringClaim("sub"));
        required("jti", c.getStringClaim("jti"));
        Object did = required("did", c.getClaim("did"));
        List<String> dids = new ArrayList<>();
        if (did instanceof String s) {
            dids.add(s);
        } else if (did instanceof List<?> list && !list.isEmpty()) {
            for (Object o : list) {
                if (!(o instanceof String s)) {
                    throw new Malformed("did must hold numbers as strings");
                }
                dids.add(s);
            }
        } else {
            throw new Malformed("did must be a number or a non-empty array of numbers");
        }
        long iat = required("iat", c.getDateClaim("iat")).getTime();
        long nbf = required("nbf", c.getDateClaim("nbf")).getTime();
        long exp = required("exp", c.getDateClaim("exp")).getTime();
        return new Decoded(h.getKeyID(), iss, sub, dids, iat, nbf, exp);
    }

    private static <T> T required(String claim, T value) throws Malformed {
        if (value == null) {
            throw new Malformed(claim + " missing");
        }
        return value;
    }

    /** A form error found by this class (its message is ours, safe to show). */
    private static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private record Decoded(String kid, String iss, String sub, List<String> dids, long iat, long nbf, long exp) {
    }

    private static TicketVerdict refused(TerminationCause cause, String reason) {
        return TicketVerdict.refused(cause, reason);
    }

    /** Lower case, without a trailing dot. */
    static String domain(String d) {
        String s = d == null ? "" : d.trim().toLowerCase(Locale.ROOT);
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** The number without user parameters and visual separators (RFC 3966). */
    static String number(String user) {
        String s = user == null ? "" : user;
        int semi = s.indexOf(';');
        if (semi >= 0) {
            s = s.substring(0, semi);
        }
        return VISUAL_SEPARATORS.matcher(s).replaceAll("");
    }

    static boolean isIpLiteral(String host) {
        return host.startsWith("[") || host.indexOf(':') >= 0 || IPV4.matcher(host).matches();
    }

    /** Text from the ticket or the request made safe for a log line or a Reason header. */
    static String safe(String s) {
        if (s == null) {
            return "(none)";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 64; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x21 && c < 0x7f && c != '"' && c != '\\' ? c : '?');
        }
        return b.length() < s.length() ? b + "..." : b.toString();
    }
}
