package org.imegate.sip.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.api.secret.SecretBox;
import org.imegate.api.ticket.TicketService;
import org.imegate.sip.config.InspectConfig;
import org.imegate.sip.config.UcImeConfig;
import org.imegate.sip.config.Ucm;
import org.imegate.sip.inspect.UcImeService;

/** {@code show running-config uc-ime}: the proxy's settings and the inspection policy. */
@Service
@Command(scope = "uc-ime", name = "show-uc-ime", description = "Shows the UC-IME proxy configuration and SIP inspection")
public class ShowUcIme implements Action {

    @Reference
    UcImeService service;

    @Reference
    TicketService tickets;

    @Override
    public Object execute() {
        StringBuilder b = new StringBuilder();
        service.ucIme().ifPresentOrElse(u -> {
            b.append(describe(u, service.inspect().applied()));
            tickets.epoch().ifPresent(e -> b.append(" ticket epoch ").append(e).append(" password ")
                    .append(SecretBox.MASK).append('\n'));
        }, () -> b.append("no uc-ime proxy configured\n"));
        InspectConfig i = service.inspect();
        i.inboundTlsProxy().ifPresent(t -> b.append("inspect sip inbound tls-proxy ").append(t).append(" uc-ime ")
                .append(i.ucIme().orElse("-")).append('\n'));
        i.outboundTlsProxy().ifPresent(t -> b.append("inspect sip outbound tls-proxy ").append(t).append(" uc-ime ")
                .append(i.ucIme().orElse("-")).append('\n'));
        for (var a : service.listening()) {
            b.append("SIP listening on ").append(a.getAddress().getHostAddress()).append(':').append(a.getPort()).append('\n');
        }
        service.mappingServiceAddress().ifPresent(a -> b.append("mapping service listening on ")
                .append(a.getAddress().getHostAddress()).append(':').append(a.getPort()).append('\n'));
        System.out.print(b);
        return null;
    }

    static String describe(UcImeConfig u, boolean applied) {
        StringBuilder b = new StringBuilder();
        b.append("uc-ime ").append(u.name()).append(applied ? " (applied to SIP inspection, locked)" : "").append('\n');
        u.mediaTermination().ifPresent(m -> b.append(" media-termination ").append(m).append('\n'));
        for (Ucm ucm : u.ucms()) {
            b.append(" ucm address ").append(ucm.address()).append(" trunk-security-mode ").append(ucm.mode().word())
                    .append(" port ").append(ucm.port()).append('\n');
        }
        b.append(" fallback monitoring timer ").append(u.monitoringTimerMs()).append('\n');
        b.append(" fallback hold-down timer ").append(u.holdDownTimerS()).append('\n');
        u.sensitivityFile().ifPresent(f -> b.append(" fallback sensitivity-file ").append(f).append('\n'));
        u.mappingService().ifPresent(m -> b.append(" mapping-service ").append(m.format()).append('\n'));
        return b.toString();
    }
}
