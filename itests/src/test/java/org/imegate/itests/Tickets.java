package org.imegate.itests;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * IME tickets as the terminating enterprise's IME server issues them (catalogue UND-01/UND-02), made
 * here from the specification, independently of the appliance's code: JWS HS256, typ uc-ime-ticket, kid =
 * epoch, key = HKDF-SHA-256(password, salt "UC-IME-TICKET", info = epoch octet).
 */
public final class Tickets {
    private Tickets() {
    }

    public static String issue(String password, int epoch, String issuer, String callingDomain, List<String> dids,
            Instant issuedAt) throws Exception {
        return issue(password, epoch, issuer, callingDomain, dids, issuedAt, issuedAt.plus(Duration.ofDays(365)));
    }

    public static String issue(String password, int epoch, String issuer, String callingDomain, List<String> dids,
            Instant issuedAt, Instant expires) throws Exception {
        byte[] key = new byte[32];
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(password.getBytes(StandardCharsets.US_ASCII),
                "UC-IME-TICKET".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) epoch}));
        hkdf.generateBytes(key, 0, key.length);
        byte[] jti = new byte[12];
        new SecureRandom().nextBytes(jti);
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("uc-ime-ticket"))
                .keyID(Integer.toString(epoch)).build();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).subject(callingDomain)
                .claim("did", dids.size() == 1 ? dids.get(0) : dids)
                .issueTime(Date.from(issuedAt)).notBeforeTime(Date.from(issuedAt)).expirationTime(Date.from(expires))
                .jwtID(Base64.getUrlEncoder().withoutPadding().encodeToString(jti)).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(new MACSigner(key));
        return jwt.serialize();
    }
}
