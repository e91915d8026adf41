package org.imegate.routes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.DynamicMBean;
import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.StandardEmitterMBean;
import org.apache.camel.karaf.core.OsgiDefaultCamelContext;
import org.apache.camel.spi.ComponentResolver;
import org.imegate.api.alert.Alert;
import org.imegate.api.alert.AlertNotificationsMBean;
import org.imegate.api.alert.AlertState;
import org.imegate.api.alert.AlertTopics;
import org.imegate.api.audit.AuditLog;
import org.imegate.api.config.EtcFiles;
import org.imegate.api.secret.SecretBox;
import org.imegate.api.snmp.SnmpNotifier;
import org.imegate.api.validation.Validate;
import org.imegate.api.validation.ValidationException;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the alerts that passed the alert engine ({@value AlertTopics#NOTIFY_ALL}) through the Camel route
 * {@code alerts} ({@link AlertRoutes}) to the SNMP destinations, the remote syslog receivers, e-mail, the log and
 * JMX; registered as {@code org.imegate:type=alert,name=notifications}, which is also the JMX notification emitter.
 * Configured by {@code etc/org.imegate.routes.alerts.cfg}, which the {@code alert:remote-syslog-server} and
 * {@code alert:email-server} commands and the MBean's operations write.
 */
@Component(service = {AlertNotifications.class, AlertNotificationsMBean.class, DynamicMBean.class, EventHandler.class},
        immediate = true, configurationPid = NotifyConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {"jmx.objectname=org.imegate:type=alert,name=notifications",
            EventConstants.EVENT_TOPIC + "=" + AlertTopics.NOTIFY_ALL})
public final class AlertNotifications extends StandardEmitterMBean implements AlertNotificationsMBean, EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AlertNotifications.class);
    private static final Logger AUDIT = LoggerFactory.getLogger(AuditLog.LOGGER);

    private final NotificationBroadcasterSupport emitter;
    private final SecretBox box;
    private final ConfigurationAdmin cm;
    private final AlertRoutes routes;
    private final AtomicLong sequence = new AtomicLong();
    private volatile NotifyConfig config;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SnmpNotifier snmp;

    @Activate
    public AlertNotifications(BundleContext bundleContext, @Reference SecretBox box, @Reference ConfigurationAdmin cm,
            @Reference(target = "(component=direct)") ComponentResolver direct,
            @Reference(target = "(component=seda)") ComponentResolver seda, Map<String, Object> properties)
            throws Exception {
        this(new NotificationBroadcasterSupport(new MBeanNotificationInfo(new String[] {RAISED, CLEARED},
                Notification.class.getName(), "an alert raised or cleared")), bundleContext, box, cm, properties);
    }

    private AlertNotifications(NotificationBroadcasterSupport emitter, BundleContext bundleContext, SecretBox box,
            ConfigurationAdmin cm, Map<String, Object> properties) throws Exception {
        super(AlertNotificationsMBean.class, emitter);
        this.emitter = emitter;
        this.box = box;
        this.cm = cm;
        this.config = load(properties);
        String host = hostName();
        OsgiDefaultCamelContext camel = new OsgiDefaultCamelContext(bundleContext);
        camel.getCamelContextExtension().setName("imegate-alerts");
        this.routes = new AlertRoutes(camel, () -> config, () -> snmp, this::mailPassword,
                new SyslogSender(host, Long.toString(ProcessHandle.current().pid())), new MailSender(host),
                this::notifyJmx);
        routes.start();
    }

    private static NotifyConfig load(Map<String, Object> properties) {
        try {
            return NotifyConfig.parse(properties);
        } catch (ValidationException e) {
            LOG.error("{} refused, alerts go to the log, JMX and SNMP only: {}", NotifyConfig.PID, e.getMessage());
            return NotifyConfig.parse(Map.of());
        }
    }

    @Modified
    void modified(Map<String, Object> properties) {
        try {
            config = NotifyConfig.parse(properties);
        } catch (ValidationException e) {
            LOG.error("{} refused, receivers unchanged: {}", NotifyConfig.PID, e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        routes.stop();
    }

    @Override
    public void handleEvent(Event event) {
        Map<String, Object> p = new HashMap<>();
        for (String n : event.getPropertyNames()) {
            p.put(n, event.getProperty(n));
        }
        try {
            routes.submit(Alert.fromEventProperties(p), Boolean.TRUE.equals(p.get(AlertTopics.EMAIL)));
        } catch (RuntimeException e) {
            LOG.error("alert event {} not delivered: {}", event.getTopic(), e.toString());
        }
    }

    private void notifyJmx(Alert a) {
        Notification n = new Notification(a.state() == AlertState.RAISED ? RAISED : CLEARED, this,
                sequence.incrementAndGet(), a.time().toEpochMilli(), a.name() + " " + a.state() + ": " + a.message());
        Map<String, Object> data = new HashMap<>(a.toEventProperties());
        data.put("alert.details", new HashMap<>(a.details()));
        n.setUserData(data);
        emitter.sendNotification(n);
    }

    private char[] mailPassword() {
        NotifyConfig.Mail m = config.mail();
        if (m == null || m.passwordSealed().isEmpty()) {
            return null;
        }
        byte[] raw = box.open(m.passwordSealed());
        try {
            return new String(raw, StandardCharsets.UTF_8).toCharArray();
        } finally {
            java.util.Arrays.fill(raw, (byte) 0);
        }
    }

    private synchronized void save(NotifyConfig next, String what) {
        try {
            EtcFiles.save(cm.getConfiguration(NotifyConfig.PID, null), NotifyConfig.PID, null, next.toProperties());
        } catch (IOException e) {
            throw new UncheckedIOException(NotifyConfig.PID + " not saved", e);
        }
        config = next;
        AUDIT.info("alert notifications: {}", what);
        LOG.info("alert notifications: {}", what);
    }

    // ---- operations (shell and JMX)

    public void addReceiver(String transport, String host, int port) {
        NotifyConfig.Receiver r = new NotifyConfig.Receiver(transport, host, port == 0 ? 514 : port);
        NotifyConfig c = config;
        if (c.receivers().contains(r)) {
            throw Validate.duplicate("remote syslog server", r.toString());
        }
        List<NotifyConfig.Receiver> all = new ArrayList<>(c.receivers());
        all.add(r);
        save(c.withReceivers(all), "remote syslog server " + r + " added");
    }

    public void removeReceiver(String transport, String host, int port) {
        NotifyConfig.Receiver r = new NotifyConfig.Receiver(transport, host, port == 0 ? 514 : port);
        NotifyConfig c = config;
        if (!c.receivers().contains(r)) {
            throw Validate.unknown("remote syslog server", r.toString());
        }
        List<NotifyConfig.Receiver> all = new ArrayList<>(c.receivers());
        all.remove(r);
        save(c.withReceivers(all), "remote syslog server " + r + " removed");
    }

    public void mail(String host, int port, String from, List<String> to, boolean startTls, String username,
            char[] password) {
        String sealed = "";
        if (username != null && !username.isBlank()) {
            if (password == null || password.length == 0) {
                throw Validate.fail("password", SecretBox.MASK, "is required with a user name");
            }
            sealed = box.seal(new String(password).getBytes(StandardCharsets.UTF_8));
        }
        NotifyConfig.Mail m = new NotifyConfig.Mail(host, port == 0 ? 25 : port, from, to, startTls,
                username == null ? "" : username.trim(), sealed);
        save(config.withMail(m), "e-mail server " + m + " from " + from + " to " + String.join(",", to));
    }

    public NotifyConfig config() {
        return config;
    }

    public AlertRoutes routes() {
        return routes;
    }

    // ---- AlertNotificationsMBean

    @Override
    public String getSyslogReceivers() {
        return String.join(",", config.receivers().stream().map(NotifyConfig.Receiver::toString).toList());
    }

    @Override
    public String getSmtpServer() {
        return config.mail() == null ? "" : config.mail().toString();
    }

    @Override
    public String getMailFrom() {
        return config.mail() == null ? "" : config.mail().from();
    }

    @Override
    public String getMailTo() {
        return config.mail() == null ? "" : String.join(",", config.mail().to());
    }

    @Override
    public long getSnmpDelivered() {
        return routes.snmpDelivered.get();
    }

    @Override
    public long getSnmpFailed() {
        return routes.snmpFailed.get();
    }

    @Override
    public long getSyslogDelivered() {
        return routes.syslogDelivered.get();
    }

    @Override
    public long getSyslogFailed() {
        return routes.syslogFailed.get();
    }

    @Override
    public long getMailDelivered() {
        return routes.mailDelivered.get();
    }

    @Override
    public long getMailFailed() {
        return routes.mailFailed.get();
    }

    @Override
    public long getLogged() {
        return routes.logged.get();
    }

    @Override
    public long getJmxNotifications() {
        return routes.jmx.get();
    }

    @Override
    public long getDropped() {
        return routes.dropped.get();
    }

    @Override
    public void addSyslogReceiver(String transport, String host, int port) {
        jmx(() -> addReceiver(transport, host, port));
    }

    @Override
    public void removeSyslogReceiver(String transport, String host, int port) {
        jmx(() -> removeReceiver(transport, host, port));
    }

    @Override
    public void configureMail(String host, int port, String from, String to, boolean startTls, String username,
            String password) {
        jmx(() -> mail(host, port, from, to == null ? List.of() : List.of(to.split("\\s*,\\s*")), startTls, username,
                password == null ? null : password.toCharArray()));
    }

    @Override
    public void removeMail() {
        jmx(() -> save(config.withMail(null), "e-mail off"));
    }

    @Override
    public String showNotifications() {
        NotifyConfig c = config;
        SnmpNotifier n = snmp;
        StringBuilder b = new StringBuilder();
        b.append("Alert notifications (route alerts)\n");
        b.append(" SNMP destinations: ").append(n == null ? "(SNMP agent not running)"
                : n.destinations().isEmpty() ? "none" : String.join(", ", n.destinations())).append('\n');
        b.append(" remote syslog servers: ").append(c.receivers().isEmpty() ? "none"
                : String.join(", ", c.receivers().stream().map(NotifyConfig.Receiver::toString).toList()))
                .append(", facility ").append(c.facility()).append('\n');
        NotifyConfig.Mail m = c.mail();
        b.append(" e-mail: ").append(m == null ? "off" : "smtp " + m + " from " + m.from() + " to "
                + String.join(",", m.to()) + (m.startTls() ? " starttls" : "")
                + (m.username().isEmpty() ? "" : " username " + m.username() + " password " + SecretBox.MASK))
                .append('\n');
        b.append(" retries ").append(c.redeliveries()).append(" every ").append(c.redeliveryDelayMs())
                .append(" ms, queue ").append(c.queueSize()).append(" per receiver\n");
        b.append(" delivered: snmp ").append(getSnmpDelivered()).append(", syslog ").append(getSyslogDelivered())
                .append(", mail ").append(getMailDelivered()).append(", log ").append(getLogged()).append(", jmx ")
                .append(getJmxNotifications()).append('\n');
        b.append(" failed: snmp ").append(getSnmpFailed()).append(", syslog ").append(getSyslogFailed())
                .append(", mail ").append(getMailFailed()).append("; dropped ").append(getDropped()).append('\n');
        return b.toString();
    }

    private static void jmx(Runnable r) {
        try {
            r.run();
        } catch (ValidationException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "imegate";
        }
    }
}
