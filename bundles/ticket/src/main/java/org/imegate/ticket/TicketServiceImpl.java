package org.imegate.ticket;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.imegate.api.alert.Alert;
import org.imegate.api.alert.AlertSeverity;
import org.imegate.api.alert.AlertState;
import org.imegate.api.audit.AuditLog;
import org.imegate.api.secret.SecretBox;
import org.imegate.api.sip.TerminationCause;
import org.imegate.api.ticket.TicketCheck;
import org.imegate.api.ticket.TicketRequest;
import org.imegate.api.ticket.TicketService;
import org.imegate.api.ticket.TicketVerdict;
import org.imegate.api.validation.Validate;
import org.imegate.api.validation.ValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ticket service of the appliance (catalogue §5, UND-01, UND-02).
 *
 * <p><b>Epoch and password rollover.</b> Exactly one epoch and password are in force (TKT-14). Configuring
 * a new pair replaces the old one at once, with no grace period: a ticket whose {@code kid} names another
 * epoch is refused as {@code Ticket epoch mismatch}, so the remote enterprises' calls fall back to the
 * PSTN until they learn tickets issued under the new epoch and password (TKT-12). Calls already
 * established are not affected: tickets are verified on initial INVITEs only.
 *
 * <p><b>Not configured.</b> Without an epoch and password every ticket is refused: a missing header
 * counts as {@code Ticket not found}, a present one as {@code Ticket integrity check failed} (no key can
 * verify it).
 *
 * <p>The password is never kept as a String: it is sealed with the {@link SecretBox} for the
 * configuration file, and only the derived HS256 key stays in memory. A change posts the alert
 * {@code TicketPasswordChanged} (Notice) and is written to the audit log, without the secret.
 */
public class TicketServiceImpl implements TicketService, TicketCounters {
    private static final Logger LOG = LoggerFactory.getLogger(TicketServiceImpl.class);
    private static final Logger AUDIT = LoggerFactory.getLogger(AuditLog.LOGGER);
    static final String ALERT = "TicketPasswordChanged";

    private final SecretBox box;
    private final TicketStore store;
    private final Consumer<Alert> alerts;
    private final Supplier<byte[]> jti;
    private final LongAdder verifications = new LongAdder();
    private final LongAdder valid = new LongAdder();
    private final Map<TerminationCause, LongAdder> failures = new EnumMap<>(TerminationCause.class);
    private volatile TicketCodec codec;

    public TicketServiceImpl(SecretBox box, TicketStore store, Consumer<Alert> alerts) {
        this(box, store, alerts, randomJti());
    }

    TicketServiceImpl(SecretBox box, TicketStore store, Consumer<Alert> alerts, Supplier<byte[]> jti) {
        this.box = box;
        this.store = store;
        this.alerts = alerts;
        this.jti = jti;
        for (TerminationCause c : TerminationCause.values()) {
            failures.put(c, new LongAdder());
        }
    }

    private static Supplier<byte[]> randomJti() {
        SecureRandom random = new SecureRandom();
        return () -> {
            byte[] b = new byte[12];
            random.nextBytes(b);
            return b;
        };
    }

    @Override
    public String issue(TicketRequest request) {
        TicketCodec c = codec;
        if (c == null) {
            throw Validate.fail("ticket", "epoch", "is not configured; configure the ticket epoch and password first");
        }
        return c.issue(request, jti.get());
    }

    @Override
    public TicketVerdict verify(TicketCheck check) {
        TicketCodec c = codec;
        TicketVerdict v;
        if (c != null) {
            v = c.verify(check);
        } else if (check.ticketHeader() == null) {
            v = TicketVerdict.refused(TerminationCause.TICKET_NOT_FOUND, "no " + HEADER
                    + " header (ticket verification is not configured)");
        } else {
            v = TicketVerdict.refused(TerminationCause.TICKET_INTEGRITY_CHECK_FAILED,
                    "ticket verification is not configured (no ticket epoch and password)");
        }
        verifications.increment();
        if (v.valid()) {
            valid.increment();
        } else {
            failures.get(v.cause()).increment();
        }
        return v;
    }

    @Override
    public synchronized void configure(int epoch, char[] password) {
        TicketKeys.epoch(epoch);
        byte[] octets = TicketKeys.octets(password);
        try {
            byte[] key = TicketKeys.derive(octets, epoch);
            try {
                store.save(epoch, box.seal(octets));
                apply(epoch, key, "configured", true);
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        } finally {
            Arrays.fill(octets, (byte) 0);
        }
    }

    /**
     * Applies the configuration {@code properties} (keys {@value TicketConfig#EPOCH} and
     * {@value TicketConfig#PASSWORD_KEY}); a bad one is logged as an ERROR and the keys in force are kept.
     * Neither key present means not configured.
     */
    synchronized void load(Map<String, ?> properties, boolean announce) {
        Object e = properties.get(TicketConfig.EPOCH);
        Object p = properties.get(TicketConfig.PASSWORD_KEY);
        if (e == null && p == null) {
            if (codec != null) {
                int old = codec.epoch();
                codec = null;
                LOG.warn("ticket epoch {} and password removed: every inbound IME call is refused", old);
                AUDIT.info("ticket epoch {} and password removed", old);
            }
            return;
        }
        try {
            if (e == null) {
                throw Validate.fail(TicketConfig.EPOCH, "''", "is required with a password");
            }
            int epoch = Validate.parseInt(TicketConfig.EPOCH, String.valueOf(e), TicketKeys.MIN_EPOCH,
                    TicketKeys.MAX_EPOCH);
            String sealed = p == null ? "" : String.valueOf(p);
            if (!SecretBox.isSealed(sealed)) {
                throw Validate.fail(TicketConfig.PASSWORD_KEY, SecretBox.MASK, "must be stored sealed (ENC(...)); set it"
                        + " with the ticket epoch/password command or the JMX operation configure");
            }
            byte[] octets;
            try {
                octets = box.open(sealed);
            } catch (IllegalArgumentException x) {
                throw Validate.fail(TicketConfig.PASSWORD_KEY, SecretBox.MASK,
                        "cannot be opened with this appliance's master key");
            }
            try {
                byte[] key = TicketKeys.derive(TicketKeys.check(octets), epoch);
                try {
                    apply(epoch, key, "loaded from " + TicketConfig.PID, announce);
                } finally {
                    Arrays.fill(key, (byte) 0);
                }
            } finally {
                Arrays.fill(octets, (byte) 0);
            }
        } catch (ValidationException x) {
            LOG.error("{} refused, ticket epoch and password in force kept: {}", TicketConfig.PID, x.getMessage());
        }
    }

    private void apply(int epoch, byte[] key, String how, boolean announce) {
        TicketCodec old = codec;
        if (old != null && old.sameAs(epoch, key)) {
            return;
        }
        codec = new TicketCodec(epoch, key);
        String previous = old == null ? "none" : Integer.toString(old.epoch());
        LOG.info("ticket epoch {} and password in force ({}; previous epoch {})", epoch, how, previous);
        AUDIT.info("ticket epoch {} and password {} (previous epoch {})", epoch, how, previous);
        if (announce) {
            alerts.accept(new Alert(ALERT, AlertSeverity.NOTICE, AlertState.RAISED, "ticket",
                    "ticket epoch " + epoch + " and password changed; tickets of epoch " + previous
                            + " are no longer valid",
                    Map.of("epoch", Integer.toString(epoch), "previousEpoch", previous), Instant.now()));
        }
    }

    @Override
    public OptionalInt epoch() {
        TicketCodec c = codec;
        return c == null ? OptionalInt.empty() : OptionalInt.of(c.epoch());
    }

    @Override
    public boolean configured() {
        return codec != null;
    }

    @Override
    public long verifications() {
        return verifications.sum();
    }

    @Override
    public long valid() {
        return valid.sum();
    }

    @Override
    public long failures(TerminationCause cause) {
        return failures.get(cause).sum();
    }

    @Override
    public String toString() {
        TicketCodec c = codec;
        return "TicketService[epoch " + (c == null ? "none" : c.epoch()) + ", password " + SecretBox.MASK + "]";
    }
}
