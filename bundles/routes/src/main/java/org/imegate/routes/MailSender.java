package org.imegate.routes;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.imegate.api.alert.Alert;

/** Alerts as e-mail over SMTP (Jakarta Mail): subject {@code [imegate] <SEVERITY> <name> <state>}, text body. */
public final class MailSender {
    static final int TIMEOUT_MS = 5000;

    private final String hostname;

    public MailSender(String hostname) {
        this.hostname = hostname;
    }

    public static String subject(Alert a) {
        return "[imegate] " + a.severity().name() + " " + a.name() + " " + a.state();
    }

    public String body(Alert a) {
        StringBuilder b = new StringBuilder();
        b.append("Alert: ").append(a.name()).append('\n');
        b.append("State: ").append(a.state()).append('\n');
        b.append("Severity: ").append(a.severity().name().toLowerCase(Locale.ROOT)).append('\n');
        b.append("Module: ").append(a.module()).append('\n');
        b.append("Appliance: ").append(hostname).append('\n');
        b.append("Time: ").append(a.time().atOffset(ZoneOffset.UTC)).append('\n');
        b.append('\n').append(a.message()).append('\n');
        for (Map.Entry<String, String> d : a.details().entrySet()) {
            b.append(d.getKey()).append(": ").append(d.getValue()).append('\n');
        }
        return b.toString();
    }

    /** Sends {@code alert} to every recipient; {@code password} null for no authentication. */
    public void send(NotifyConfig.Mail m, char[] password, Alert alert) throws MessagingException {
        Properties p = new Properties();
        p.put("mail.smtp.host", m.host());
        p.put("mail.smtp.port", Integer.toString(m.port()));
        p.put("mail.smtp.connectiontimeout", Integer.toString(TIMEOUT_MS));
        p.put("mail.smtp.timeout", Integer.toString(TIMEOUT_MS));
        p.put("mail.smtp.writetimeout", Integer.toString(TIMEOUT_MS));
        p.put("mail.smtp.localhost", hostname);
        if (m.startTls()) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        boolean auth = password != null && !m.username().isEmpty();
        p.put("mail.smtp.auth", Boolean.toString(auth));
        // Jakarta Mail finds its providers through the thread's context class loader
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(Session.class.getClassLoader());
        try {
            Session session = Session.getInstance(p);
            MimeMessage msg = new MimeMessage(session);
            msg.setFrom(new InternetAddress(m.from()));
            for (String to : m.to()) {
                msg.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
            }
            msg.setSubject(subject(alert), "UTF-8");
            msg.setText(body(alert), "UTF-8");
            if (auth) {
                Transport.send(msg, m.username(), new String(password));
            } else {
                Transport.send(msg);
            }
        } finally {
            t.setContextClassLoader(previous);
        }
    }
}
