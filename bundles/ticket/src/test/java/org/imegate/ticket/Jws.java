package org.imegate.ticket;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Builds compact JWS strings by hand (javax.crypto only), independently of the JOSE library under test. */
final class Jws {
    static final String HEADER = "{\"alg\":\"HS256\",\"typ\":\"uc-ime-ticket\",\"kid\":\"7\"}";

    private Jws() {
    }

    static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String b64(String s) {
        return b64(s.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] unb64(String s) {
        return Base64.getUrlDecoder().decode(s);
    }

    static byte[] key(String password, int epoch) {
        return TicketKeys.derive(password.getBytes(StandardCharsets.US_ASCII), epoch);
    }

    static String sign(String header, String payload, byte[] key, String macAlgorithm) {
        String input = b64(header) + "." + b64(payload);
        try {
            Mac mac = Mac.getInstance(macAlgorithm);
            mac.init(new SecretKeySpec(key, macAlgorithm));
            return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(String header, String payload) {
        return sign(header, payload, key(Fixtures.PASSWORD, Fixtures.EPOCH), "HmacSHA256");
    }

    /** Claims with {@code did} as JSON text and times in seconds. */
    static String claims(String sub, String didJson, long iat, long nbf, long exp) {
        return "{\"iss\":\"" + Fixtures.ISSUER + "\",\"sub\":\"" + sub + "\",\"did\":" + didJson + ",\"iat\":" + iat
                + ",\"nbf\":" + nbf + ",\"exp\":" + exp + ",\"jti\":\"AQIDBAUGBwgJCgsM\"}";
    }

    static String claims() {
        long iat = Fixtures.IAT.getEpochSecond();
        return claims(Fixtures.CALLER, "\"" + Fixtures.DID + "\"", iat, iat, iat + 365L * 86400);
    }
}
