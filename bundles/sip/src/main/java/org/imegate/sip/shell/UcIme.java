package org.imegate.sip.shell;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.imegate.api.secret.SecretBox;
import org.imegate.api.ticket.TicketService;
import org.imegate.api.validation.Validate;
import org.imegate.sip.config.MappingServiceConfig;
import org.imegate.sip.config.TrunkSecurityMode;
import org.imegate.sip.config.UcImeConfig;
import org.imegate.sip.config.Ucm;
import org.imegate.sip.inspect.UcImeService;

/**
 * {@code uc-ime <name>} with the sub-commands of its configuration mode on one line, in the seed's words:
 * {@code uc-ime:uc-ime ent-a media-termination mt ucm address 127.0.0.10 trunk-security-mode nonsecure
 * fallback monitoring timer 100 fallback hold-down timer 20 mapping-service listening-interface inside
 * listening-port 8060 uc-ime-interface outside}.
 */
@Service
@Command(scope = "uc-ime", name = "uc-ime", description = "Creates or changes the UC-IME proxy: uc-ime <name> "
        + "[media-termination <name>] [ticket epoch <1-255> password (asked for)] [ucm address <ip> trunk-security-mode nonsecure|secure [port <p>]] "
        + "[fallback monitoring timer <10-600>] [fallback hold-down timer <10-360>] [fallback sensitivity-file <f>.fbs] "
        + "[mapping-service listening-interface <if> [listening-port <1024-65535>] uc-ime-interface <if>]")
public class UcIme implements Action {

    @Reference
    UcImeService service;

    @Reference
    TicketService tickets;

    @Reference
    Session session;

    @Argument(index = 0, name = "name", required = true, description = "uc-ime proxy name, at most 64 characters")
    @Completion(Completers.UcImeNames.class)
    String name;

    @Argument(index = 1, name = "settings", multiValued = true, description = "media-termination | ucm address | fallback ... | mapping-service ...")
    @Completion(Completers.UcImeWords.class)
    List<String> words;

    @Override
    public Object execute() throws Exception {
        List<String> w = new ArrayList<>(words == null ? List.of() : words);
        int epoch = takeTicket(w);
        char[] password = null;
        try {
            if (epoch > 0) {
                password = askPassword();
            }
            char[] pw = password;
            UcImeConfig result = service.define(name, current -> {
                UcImeConfig next = apply(current, w);
                if (pw != null) {
                    // inside define: refused like every other setting while the proxy is applied
                    tickets.configure(epoch, pw);
                }
                return next;
            });
            System.out.print(ShowUcIme.describe(result, service.inspect().applied()));
            tickets.epoch().ifPresent(e -> System.out.println(" ticket epoch " + e + " password " + SecretBox.MASK));
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
        return null;
    }

    /**
     * Removes {@code ticket epoch <1-255> password} from the words and returns the epoch (0 when absent).
     * The password itself is never taken from the command line, where the shell history would keep it.
     */
    static int takeTicket(List<String> w) {
        int i = w.indexOf("ticket");
        if (i < 0) {
            return 0;
        }
        expect(w, i + 1, "epoch");
        int epoch = Validate.parseInt("ticket epoch", value(w, i + 2, "ticket epoch"), 1, 255);
        expect(w, i + 3, "password");
        if (i + 4 < w.size() && !isKeyword(w.get(i + 4))) {
            throw Validate.fail("password", SecretBox.MASK, "must not be given on the command line (the shell history "
                    + "would keep it); end the line with 'password' and type it when asked");
        }
        w.subList(i, i + 4).clear();
        return epoch;
    }

    private static boolean isKeyword(String word) {
        return List.of("media-termination", "ucm", "fallback", "mapping-service").contains(word);
    }

    private char[] askPassword() throws java.io.IOException {
        String first;
        String second;
        try {
            first = session.readLine("Ticket password: ", '*');
            second = session.readLine("Re-enter ticket password: ", '*');
        } catch (UnsupportedOperationException batch) {
            throw Validate.fail("password", SecretBox.MASK, "is asked for at an interactive console (bin/karaf, ssh); "
                    + "in scripts use JMX org.imegate:type=ticket,name=verifier configure");
        }
        if (first == null || !first.equals(second)) {
            throw Validate.fail("password", SecretBox.MASK, "was not entered the same twice");
        }
        return first.toCharArray();
    }

    static UcImeConfig apply(UcImeConfig c, List<String> w) {
        int i = 0;
        while (i < w.size()) {
            String k = w.get(i);
            switch (k) {
                case "media-termination" -> {
                    c = c.withMediaTermination(value(w, i + 1, k));
                    i += 2;
                }
                case "ucm" -> {
                    expect(w, i + 1, "address");
                    String ip = value(w, i + 2, "ucm address");
                    expect(w, i + 3, "trunk-security-mode");
                    TrunkSecurityMode mode = TrunkSecurityMode.parse(value(w, i + 4, "trunk-security-mode"));
                    i += 5;
                    int port = Ucm.defaultPort(mode);
                    if (i < w.size() && w.get(i).equals("port")) {
                        port = Validate.parseInt("port", value(w, i + 1, "port"), 1, 65535);
                        i += 2;
                    }
                    c = c.withUcm(new Ucm(ip, mode, port));
                }
                case "fallback" -> {
                    String what = value(w, i + 1, "fallback");
                    switch (what) {
                        case "monitoring" -> {
                            expect(w, i + 2, "timer");
                            c = c.withMonitoringTimer(Validate.parseInt("fallback monitoring timer",
                                    value(w, i + 3, "fallback monitoring timer"), 10, 600));
                            i += 4;
                        }
                        case "hold-down" -> {
                            expect(w, i + 2, "timer");
                            c = c.withHoldDownTimer(Validate.parseInt("fallback hold-down timer",
                                    value(w, i + 3, "fallback hold-down timer"), 10, 360));
                            i += 4;
                        }
                        case "sensitivity-file" -> {
                            c = c.withSensitivityFile(value(w, i + 2, "fallback sensitivity-file"));
                            // the file replaces the built-in levels: it must be in etc/ already (RTPM-13)
                            java.nio.file.Path file = java.nio.file.Paths.get(System.getProperty("karaf.etc", "etc"),
                                    c.sensitivityFile().orElseThrow());
                            if (!java.nio.file.Files.isRegularFile(file)) {
                                throw Validate.fail("fallback sensitivity-file", c.sensitivityFile().get(),
                                        "does not exist in " + file.getParent());
                            }
                            i += 3;
                        }
                        default -> throw Validate.fail("fallback", what, "must be monitoring, hold-down or sensitivity-file");
                    }
                }
                case "mapping-service" -> {
                    expect(w, i + 1, "listening-interface");
                    String listening = value(w, i + 2, "listening-interface");
                    i += 3;
                    int port = MappingServiceConfig.DEFAULT_PORT;
                    if (i < w.size() && w.get(i).equals("listening-port")) {
                        port = Validate.parseInt("listening-port", value(w, i + 1, "listening-port"), 1024, 65535);
                        i += 2;
                    }
                    expect(w, i, "uc-ime-interface");
                    String ucImeInterface = value(w, i + 1, "uc-ime-interface");
                    i += 2;
                    c = c.withMappingService(new MappingServiceConfig(listening, port, ucImeInterface));
                }
                default -> throw Validate.fail(k, "", "is not a uc-ime setting (media-termination, ucm, fallback, "
                        + "mapping-service)");
            }
        }
        return c;
    }

    private static String value(List<String> w, int i, String what) {
        if (i >= w.size()) {
            throw Validate.fail(what, "", "needs a value");
        }
        return w.get(i);
    }

    private static void expect(List<String> w, int i, String word) {
        if (i >= w.size() || !w.get(i).equals(word)) {
            throw Validate.fail(i < w.size() ? w.get(i) : "(end)", "", "found where '" + word + "' was expected");
        }
    }
}
