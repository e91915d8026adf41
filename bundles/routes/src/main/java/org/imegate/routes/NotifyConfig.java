package org.imegate.routes;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.imegate.api.validation.Validate;

/**
 * Where alerts go besides SNMP (configuration {@value #PID}, {@code etc/org.imegate.routes.alerts.cfg}): remote syslog
 * receivers, the syslog facility, the SMTP server and addresses, and the retry policy of the route.
 */
public record NotifyConfig(List<Receiver> receivers, int facility, Mail mail, int redeliveries, long redeliveryDelayMs,
        int queueSize) {

    public static final String PID = "org.imegate.routes.alerts";
    static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:-]{1,253}");
    static final Pattern ADDRESS = Pattern.compile("[^@\\s,<>]{1,64}@[A-Za-z0-9.-]{1,253}");

    /** A remote syslog receiver: {@code udp} or {@code tcp} (RFC 6587 octet counting). */
    public record Receiver(String transport, String host, int port) {
        public Receiver {
            transport = Validate.required("transport", transport).toLowerCase(Locale.ROOT);
            if (!transport.equals("udp") && !transport.equals("tcp")) {
                throw Validate.fail("transport", transport, "must be udp or tcp");
            }
            Validate.name("host", host, 253, HOST, "letters, digits, '.', ':' and '-'");
            Validate.range("port", port, 1, 65535);
        }

        @Override
        public String toString() {
            return transport + ":" + host + ":" + port;
        }

        static Receiver parse(String text) {
            String t = text.trim();
            int first = t.indexOf(':');
            int last = t.lastIndexOf(':');
            if (first < 0 || last == first) {
                throw Validate.fail("syslog.receivers", text, "must be udp|tcp:<host>:<port>");
            }
            return new Receiver(t.substring(0, first), t.substring(first + 1, last),
                    Validate.parseInt("port", t.substring(last + 1), 1, 65535));
        }
    }

    /** E-mail over SMTP; {@code passwordSealed} empty for no authentication. */
    public record Mail(String host, int port, String from, List<String> to, boolean startTls, String username,
            String passwordSealed) {
        public Mail {
            Validate.name("host", host, 253, HOST, "letters, digits, '.', ':' and '-'");
            Validate.range("port", port, 1, 65535);
            Validate.name("from", from, 320, ADDRESS, "an e-mail address user@domain");
            to = List.copyOf(to);
            if (to.isEmpty()) {
                Validate.required("to", "");
            }
            to.forEach(a -> Validate.name("to", a, 320, ADDRESS, "e-mail addresses user@domain"));
            username = username == null ? "" : username;
            passwordSealed = passwordSealed == null ? "" : passwordSealed;
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    public NotifyConfig {
        receivers = List.copyOf(receivers);
        Validate.range("syslog.facility", facility, 0, 23);
        Validate.range("redeliveries", redeliveries, 0, 20);
        Validate.range("redelivery.delay.ms", redeliveryDelayMs, 0, 600_000);
        Validate.range("queue.size", queueSize, 10, 100_000);
    }

    /** From ConfigAdmin properties (text values); absent keys take their defaults. */
    public static NotifyConfig parse(Map<String, ?> p) {
        List<Receiver> receivers = new ArrayList<>();
        String r = str(p, "syslog.receivers", "");
        for (String part : r.split(",")) {
            if (!part.isBlank()) {
                receivers.add(Receiver.parse(part));
            }
        }
        Mail mail = null;
        String host = str(p, "mail.host", "");
        if (!host.isBlank()) {
            List<String> to = new ArrayList<>();
            for (String a : str(p, "mail.to", "").split(",")) {
                if (!a.isBlank()) {
                    to.add(a.trim());
                }
            }
            mail = new Mail(host.trim(), Validate.parseInt("mail.port", str(p, "mail.port", "25"), 1, 65535),
                    str(p, "mail.from", "").trim(), to, Boolean.parseBoolean(str(p, "mail.starttls", "false")),
                    str(p, "mail.username", ""), str(p, "mail.password", ""));
        }
        return new NotifyConfig(receivers, Validate.parseInt("syslog.facility", str(p, "syslog.facility", "16"), 0, 23),
                mail, Validate.parseInt("redeliveries", str(p, "redeliveries", "3"), 0, 20),
                Validate.parseInt("redelivery.delay.ms", str(p, "redelivery.delay.ms", "1000"), 0, 600_000),
                Validate.parseInt("queue.size", str(p, "queue.size", "1000"), 10, 100_000));
    }

    /** As ConfigAdmin properties. */
    public Hashtable<String, Object> toProperties() {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("syslog.receivers", String.join(",", receivers.stream().map(Receiver::toString).toList()));
        p.put("syslog.facility", Integer.toString(facility));
        p.put("redeliveries", Integer.toString(redeliveries));
        p.put("redelivery.delay.ms", Long.toString(redeliveryDelayMs));
        p.put("queue.size", Integer.toString(queueSize));
        if (mail != null) {
            p.put("mail.host", mail.host());
            p.put("mail.port", Integer.toString(mail.port()));
            p.put("mail.from", mail.from());
            p.put("mail.to", String.join(",", mail.to()));
            p.put("mail.starttls", Boolean.toString(mail.startTls()));
            p.put("mail.username", mail.username());
            p.put("mail.password", mail.passwordSealed());
        }
        return p;
    }

    NotifyConfig withReceivers(List<Receiver> r) {
        return new NotifyConfig(r, facility, mail, redeliveries, redeliveryDelayMs, queueSize);
    }

    NotifyConfig withMail(Mail m) {
        return new NotifyConfig(receivers, facility, m, redeliveries, redeliveryDelayMs, queueSize);
    }

    private static String str(Map<String, ?> p, String key, String dflt) {
        Object v = p.get(key);
        return v == null ? dflt : v.toString();
    }
}
