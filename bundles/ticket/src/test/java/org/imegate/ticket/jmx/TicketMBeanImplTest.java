package org.imegate.ticket.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.imegate.api.sip.TerminationCause;
import org.imegate.api.ticket.TicketCheck;
import org.imegate.platform.MasterKeySecretBox;
import org.imegate.ticket.TicketServiceImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TicketMBeanImplTest {
    @TempDir
    Path dir;

    @Test
    void attributesAndConfigureOverJmx() throws Exception {
        TicketServiceImpl service = new TicketServiceImpl(new MasterKeySecretBox(dir.resolve("k")), (e, p) -> { },
                a -> { });
        TicketMBeanImpl bean = new TicketMBeanImpl(service, service);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("org.imegate:type=ticket,name=verifier");
        server.registerMBean(bean, name);
        try {
            assertEquals(0, server.getAttribute(name, "Epoch"));
            assertEquals(false, server.getAttribute(name, "Configured"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> bean.configure(3, "tttttttttttt"));
            assertSame(IllegalArgumentException.class, e.getClass());
            assertTrue(e.getMessage().startsWith("ERROR: password *****"), e.getMessage());
            assertFalse(e.getMessage().contains("tttttttttttt"));
            server.invoke(name, "configure", new Object[] {3, "Good!pass-123abc"},
                    new String[] {"int", String.class.getName()});
            assertEquals(3, server.getAttribute(name, "Epoch"));
            assertEquals(true, server.getAttribute(name, "Configured"));
            service.verify(new TicketCheck(null, "", "", List.of(), java.time.Instant.now()));
            service.verify(new TicketCheck("a.b.c", "", "", List.of(), java.time.Instant.now()));
            assertEquals(2L, server.getAttribute(name, "Verifications"));
            assertEquals(0L, server.getAttribute(name, "Valid"));
            for (TerminationCause c : TerminationCause.values()) {
                if (c == TerminationCause.OTHER || c == TerminationCause.RTP_OVER_UC_IME) {
                    continue;
                }
                long expected = c == TerminationCause.TICKET_NOT_FOUND || c == TerminationCause.TICKET_DECODE_FAILED ? 1 : 0;
                assertEquals(expected, server.getAttribute(name, c.attributeName()), c.attributeName());
            }
        } finally {
            server.unregisterMBean(name);
        }
    }
}
