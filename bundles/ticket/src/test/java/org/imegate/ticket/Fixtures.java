package org.imegate.ticket;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.imegate.api.alert.Alert;
import org.imegate.api.ticket.TicketCheck;
import org.imegate.api.ticket.TicketRequest;
import org.imegate.platform.MasterKeySecretBox;

/** A ticket service on a real secret box in a temporary store, with fixed jti octets. */
final class Fixtures {
    static final String PASSWORD = "Secre!Pa55-0123456789abcdefgh";
    static final int EPOCH = 7;
    static final String ISSUER = "enterprise-b.example";
    static final String CALLER = "enterprise-a.example";
    static final String DID = "+14085550123";
    static final Instant IAT = Instant.parse("2026-01-15T10:00:00Z");
    static final byte[] JTI = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

    final MasterKeySecretBox box;
    final AtomicReference<Map<String, String>> saved = new AtomicReference<>();
    final List<Alert> alerts = new ArrayList<>();
    final TicketServiceImpl service;

    Fixtures(Path dir) {
        box = new MasterKeySecretBox(dir.resolve("master.key"));
        service = new TicketServiceImpl(box,
                (epoch, sealed) -> saved.set(Map.of(TicketConfig.EPOCH, Integer.toString(epoch),
                        TicketConfig.PASSWORD_KEY, sealed)),
                alerts::add, JTI::clone);
    }

    static Fixtures configured(Path dir) {
        Fixtures f = new Fixtures(dir);
        f.service.configure(EPOCH, PASSWORD.toCharArray());
        return f;
    }

    String ticket() {
        return service.issue(new TicketRequest(ISSUER, CALLER, List.of(DID), IAT));
    }

    static TicketCheck check(String ticket) {
        return check(ticket, DID, CALLER, List.of("ucm.enterprise-a.example", "enterprise-a.example"),
                IAT.plusSeconds(3600));
    }

    static TicketCheck check(String ticket, String user, String domain, List<String> hosts, Instant now) {
        return new TicketCheck(ticket, user, domain, new ArrayList<>(hosts), now);
    }
}
