package org.imegate.ime.validator;

import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.tls.BasicTlsSRPIdentity;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SRPTlsClient;
import org.bouncycastle.tls.SRPTlsServer;
import org.bouncycastle.tls.TlsSRPIdentityManager;
import org.bouncycastle.tls.TlsSRPLoginParameters;
import org.bouncycastle.tls.crypto.SRP6Group;
import org.bouncycastle.tls.crypto.SRP6StandardGroups;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.TlsSRPConfig;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * TLS-SRP (RFC 5054) with Bouncy Castle's TLS API: TLS 1.2, the SRP-SHA cipher suites with AES, and the
 * RFC 5054 2048-bit group.
 */
final class Srp {
    static final int[] SUITES = {CipherSuite.TLS_SRP_SHA_WITH_AES_256_CBC_SHA,
        CipherSuite.TLS_SRP_SHA_WITH_AES_128_CBC_SHA};
    private static final SecureRandom RANDOM = new SecureRandom();
    static final SRP6Group GROUP = SRP6StandardGroups.rfc5054_2048;

    private Srp() {
    }

    static TlsCrypto crypto() {
        return new BcTlsCrypto(RANDOM);
    }

    /** The originating side. */
    static SRPTlsClient client(TlsCrypto crypto, byte[] identity, byte[] password) {
        return new SRPTlsClient(crypto, new BasicTlsSRPIdentity(identity, password)) {
            @Override
            protected ProtocolVersion[] getSupportedVersions() {
                return ProtocolVersion.TLSv12.only();
            }

            @Override
            protected int[] getSupportedCipherSuites() {
                return SUITES.clone();
            }
        };
    }

    /** Finds the SRP password for an identity; null when there is none. */
    interface Passwords {
        byte[] password(byte[] identity) throws IOException;
    }

    /** The terminating side: the verifier is computed from the password the identity leads to. */
    static SRPTlsServer server(TlsCrypto crypto, Passwords passwords) {
        TlsSRPIdentityManager ids = identity -> {
            try {
                byte[] pw = passwords.password(identity);
                if (pw == null) {
                    return null;
                }
                TlsSRPConfig config = new TlsSRPConfig();
                config.setExplicitNG(new BigInteger[] {GROUP.getN(), GROUP.getG()});
                byte[] salt = new byte[16];
                RANDOM.nextBytes(salt);
                BigInteger verifier = crypto.createSRP6VerifierGenerator(config).generateVerifier(salt, identity, pw);
                return new TlsSRPLoginParameters(identity, config, verifier, salt);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        };
        return new SRPTlsServer(crypto, ids) {
            @Override
            protected ProtocolVersion[] getSupportedVersions() {
                return ProtocolVersion.TLSv12.only();
            }

            @Override
            protected int[] getSupportedCipherSuites() {
                return SUITES.clone();
            }
        };
    }
}
