package org.imegate.ime.validator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.imegate.api.ime.VoiceCallRecord;
import org.imegate.ime.vap.ServiceXml;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The originating side of the validation: proves knowledge of the PSTN call of an originating VCR to
 * the peer's validator over TLS-SRP, sends its domain, and reads the answer. It tries the method that
 * also proves the calling number first (when the VCR has one), then the time-only method, and the
 * neighbouring duration window when the duration is close to a rounding boundary.
 */
public final class ValidatorClient {
    private static final Logger LOG = LoggerFactory.getLogger(ValidatorClient.class);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration IO_TIMEOUT = Duration.ofSeconds(15);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** How a validation ended. */
    public enum Status {
        /** Validated: {@link Result#valInfo()} and {@link Result#method()} are set. */
        OK,
        /** Every handshake failed: the peer does not hold a matching call. */
        FAILED,
        /** The peer does not trust our domain. */
        BLOCKED,
        /** The peer does not validate that number. */
        EXCLUDED,
        /** The peer cannot answer now (its call agent is not connected, it has no ticket password). */
        UNAVAILABLE,
        /** The peer could not be reached. */
        UNREACHABLE
    }

    /** The result of a validation. */
    public record Result(Status status, int method, ServiceXml.ValInfo valInfo, String detail) {
    }

    private ValidatorClient() {
    }

    /**
     * Validates {@code vcr} with the validator at {@code address} ({@code host:port}) for {@code domain}.
     */
    public static Result validate(VoiceCallRecord vcr, String address, String domain, Duration tolerance) {
        InetSocketAddress target;
        try {
            int colon = address.lastIndexOf(':');
            target = new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
        } catch (RuntimeException e) {
            return new Result(Status.UNREACHABLE, 0, null, "bad validator address " + address);
        }
        List<Integer> methods = new ArrayList<>();
        if (!vcr.callingNumber().isEmpty()) {
            methods.add(PvpSecret.CALLER);
        }
        methods.add(PvpSecret.TIME);
        String last = "";
        for (int method : methods) {
            for (long bucket : PvpSecret.durationBuckets(vcr, tolerance)) {
                Result r = attempt(vcr, target, domain, tolerance, method, bucket);
                if (r.status() != Status.FAILED) {
                    return r;
                }
                last = r.detail();
            }
        }
        return new Result(Status.FAILED, 0, null, last);
    }

    private static Result attempt(VoiceCallRecord vcr, InetSocketAddress target, String domain, Duration tolerance,
            int method, long durationBucket) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        byte[] identity = PvpSecret.identity(vcr, method, tolerance, nonce);
        byte[] password = PvpSecret.password(vcr.calledNumber(), vcr.callingNumber(), method, durationBucket);
        try (Socket s = new Socket()) {
            try {
                s.connect(target, (int) CONNECT_TIMEOUT.toMillis());
            } catch (IOException e) {
                return new Result(Status.UNREACHABLE, method, null, e.toString());
            }
            s.setSoTimeout((int) IO_TIMEOUT.toMillis());
            TlsClientProtocol tls = new TlsClientProtocol(s.getInputStream(), s.getOutputStream());
            try {
                tls.connect(Srp.client(Srp.crypto(), identity, password));
            } catch (TlsFatalAlertReceived e) {
                short d = e.getAlertDescription();
                // the peer refused our proof: no call of its matches (unknown identity, wrong password)
                if (d == AlertDescription.unknown_psk_identity || d == AlertDescription.bad_record_mac
                        || d == AlertDescription.decrypt_error) {
                    return new Result(Status.FAILED, method, null, e.getMessage());
                }
                return new Result(Status.UNREACHABLE, method, null, e.getMessage());
            } catch (TlsFatalAlert e) {
                // a local alert: the connection was cut (a peer over its TLSValidationThreshold closes it),
                // or the peer's Finished did not verify (it does not know the call either)
                return new Result(e.getAlertDescription() == AlertDescription.decrypt_error
                        || e.getAlertDescription() == AlertDescription.bad_record_mac ? Status.FAILED
                        : Status.UNREACHABLE, method, null, e.getMessage());
            }
            Frames.write(tls.getOutputStream(), ValidatorServer.REQUEST + "\ndomain: " + domain);
            String reply = Frames.read(tls.getInputStream());
            tls.close();
            if (reply.startsWith("OK\n")) {
                ServiceXml.ValInfo v = ServiceXml.valInfo(reply.substring(3).getBytes(StandardCharsets.UTF_8));
                if (!v.number().equals(vcr.calledNumber())) {
                    return new Result(Status.FAILED, method, null, "the peer validated " + v.number() + ", not "
                            + vcr.calledNumber());
                }
                return new Result(Status.OK, method, v, "");
            }
            String word = reply.split("[ \n]", 2)[0];
            return switch (word) {
                case "BLOCKED" -> new Result(Status.BLOCKED, method, null, reply);
                case "EXCLUDED" -> new Result(Status.EXCLUDED, method, null, reply);
                default -> new Result(Status.UNAVAILABLE, method, null, reply);
            };
        } catch (IOException | IllegalArgumentException e) {
            LOG.debug("validation of {} with {} failed", vcr.calledNumber(), target, e);
            return new Result(Status.UNREACHABLE, method, null, e.toString());
        }
    }
}
