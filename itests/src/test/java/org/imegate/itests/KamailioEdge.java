package org.imegate.itests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Kamailio 5.6 ({@code kamailio}, {@code kamailio-tls-modules}) as an enterprise's edge or call agent: listens
 * on UDP and TCP port 5060 of {@code address} (and TLS 5061 with {@code identity}), record-routes, adds
 * {@code X-Cisco-UC-IME-Ticket} to initial INVITEs and relays every initial request to {@code next}; in-dialog
 * requests follow their route set.
 */
public final class KamailioEdge {
    /** An identity for TLS: certificate chain and key (PEM), and the CA that certifies the peers. */
    public record Identity(Path certificate, Path key, Path ca) {
    }

    private KamailioEdge() {
    }

    public static Peer start(String name, Path dir, String address, Identity identity, String ticket, String next)
            throws Exception {
        Files.createDirectories(dir);
        List<String> lines = new ArrayList<>(List.of(
                "#!KAMAILIO",
                "debug=2",
                "log_stderror=yes",
                "children=2",
                "tcp_children=2",
                "auto_aliases=no",
                "listen=udp:" + address + ":5060",
                "listen=tcp:" + address + ":5060",
                "loadpath \"/usr/lib/x86_64-linux-gnu/kamailio/modules/\"",
                "loadmodule \"tm.so\"",
                "loadmodule \"sl.so\"",
                "loadmodule \"rr.so\"",
                "loadmodule \"pv.so\"",
                "loadmodule \"maxfwd.so\"",
                "loadmodule \"textops.so\"",
                "loadmodule \"siputils.so\"",
                "modparam(\"rr\", \"enable_double_rr\", 1)"));
        if (identity != null) {
            Path tls = dir.resolve("tls.cfg");
            String id = "certificate = " + identity.certificate() + "\nprivate_key = " + identity.key() + "\nca_list = "
                    + identity.ca() + "\n";
            Files.writeString(tls, "[server:default]\nmethod = TLSv1.2+\nverify_certificate = no\n"
                    + "require_certificate = no\n" + id + "\n[client:default]\nmethod = TLSv1.2+\n"
                    + "verify_certificate = yes\nrequire_certificate = yes\n" + id);
            // core settings before the modules, as Kamailio's own configurations order them
            int modules = lines.indexOf("loadpath \"/usr/lib/x86_64-linux-gnu/kamailio/modules/\"");
            lines.addAll(modules, List.of("enable_tls=yes", "listen=tls:" + address + ":5061"));
            lines.addAll(List.of("loadmodule \"tls.so\"", "modparam(\"tls\", \"config\", \"" + tls + "\")"));
        }
        lines.addAll(List.of(
                "request_route {",
                "    if (!mf_process_maxfwd_header(\"10\")) { sl_send_reply(\"483\", \"Too Many Hops\"); exit; }",
                "    if (is_method(\"CANCEL\")) { if (t_check_trans()) { t_relay(); } exit; }",
                "    if (has_totag()) {",
                "        if (loose_route()) { t_relay(); exit; }",
                "        if (is_method(\"ACK\") && t_check_trans()) { t_relay(); }",
                "        exit;",
                "    }",
                "    t_check_trans();",
                "    # the agent's pre-loaded route names this edge: the next hop is set below",
                "    remove_hf(\"Route\");",
                "    if (is_method(\"INVITE\")) { append_hf(\"X-Cisco-UC-IME-Ticket: " + ticket + "\\r\\n\"); }",
                "    record_route();",
                "    $du = \"" + next + "\";",
                "    t_relay();",
                "}",
                ""));
        Path cfg = dir.resolve("kamailio.cfg");
        Files.writeString(cfg, String.join("\n", lines));
        return Peer.start(name, dir, List.of("kamailio", "-f", cfg.toString(), "-DD", "-E", "-w", dir.toString(),
                "-Y", dir.toString(), "-P", dir.resolve("kamailio.pid").toString()));
    }
}
