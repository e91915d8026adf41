package org.imegate.routes;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.seda.SedaEndpoint;
import org.imegate.api.alert.Alert;
import org.imegate.api.alert.AlertSeverity;
import org.imegate.api.alert.AlertState;
import org.imegate.api.snmp.SnmpNotifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Camel route {@code alerts} (UND-20): every alert that passed the alert engine enters {@code direct:alerts}
 * (route {@code alerts-fanout}), is written to the log and sent as a JMX notification there, and is queued for
 * each receiver on its own SEDA queue with its own route: {@code alerts-snmp-<destination>} (trap or inform, one per
 * SNMP destination), {@code alerts-syslog-<receiver>} (RFC 5424) and {@code alerts-mail} (SMTP, for alerts whose
 * rule sends e-mail). A receiver that is down only holds its own queue: its route retries with the redelivery
 * policy ({@code redeliveries}, {@code redelivery.delay.ms}; an inform also has the agent's own retries) and then
 * counts the failure; the others, and the appliance, go on. A full queue drops the alert for that receiver and
 * counts it.
 */
public final class AlertRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(AlertRoutes.class);
    /** The log sink: alerts as log lines. */
    static final Logger ALERT_LOG = LoggerFactory.getLogger("org.imegate.alerts");
    static final String ENTRY = "direct:alerts";
    static final String QUEUES = "imegateQueues";

    /** What travels the route: the alert and whether its rule sends e-mail. */
    public record Delivery(Alert alert, boolean email) {
    }

    final AtomicLong snmpDelivered = new AtomicLong();
    final AtomicLong snmpFailed = new AtomicLong();
    final AtomicLong syslogDelivered = new AtomicLong();
    final AtomicLong syslogFailed = new AtomicLong();
    final AtomicLong mailDelivered = new AtomicLong();
    final AtomicLong mailFailed = new AtomicLong();
    final AtomicLong logged = new AtomicLong();
    final AtomicLong jmx = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();

    private final CamelContext camel;
    private final Supplier<NotifyConfig> config;
    private final Supplier<SnmpNotifier> snmp;
    private final Supplier<char[]> mailPassword;
    private final SyslogSender syslog;
    private final MailSender mail;
    private final Consumer<Alert> jmxSink;
    private ProducerTemplate template;

    public AlertRoutes(CamelContext camel, Supplier<NotifyConfig> config, Supplier<SnmpNotifier> snmp,
            Supplier<char[]> mailPassword, SyslogSender syslog, MailSender mail, Consumer<Alert> jmxSink) {
        this.camel = camel;
        this.config = config;
        this.snmp = snmp;
        this.mailPassword = mailPassword;
        this.syslog = syslog;
        this.mail = mail;
        this.jmxSink = jmxSink;
    }

    public void start() throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(ENTRY).routeId("alerts-fanout")
                        .process(AlertRoutes.this::logAndJmx)
                        .process(AlertRoutes.this::queues)
                        .recipientList(header(QUEUES));
            }
        });
        camel.start();
        template = camel.createProducerTemplate();
        LOG.info("alert notification route started");
    }

    public void stop() {
        try {
            if (template != null) {
                template.stop();
            }
            camel.stop();
        } catch (RuntimeException e) {
            LOG.warn("stopping the alert routes: {}", e.toString());
        }
    }

    /** Hands an alert to the route; returns at once (the receivers are served by their own routes). */
    public void submit(Alert alert, boolean email) {
        template.sendBody(ENTRY, new Delivery(alert, email));
    }

    private void logAndJmx(Exchange e) {
        Alert a = e.getIn().getBody(Delivery.class).alert();
        String line = "{} {} {} {}: {}";
        Object[] args = {a.name(), a.state(), a.severity().name().toLowerCase(java.util.Locale.ROOT), a.module(),
            a.message()};
        if (a.state() == AlertState.CLEARED || a.severity().compareTo(AlertSeverity.WARNING) > 0) {
            ALERT_LOG.info(line, args);
        } else if (a.severity() == AlertSeverity.WARNING) {
            ALERT_LOG.warn(line, args);
        } else {
            ALERT_LOG.error(line, args);
        }
        logged.incrementAndGet();
        try {
            jmxSink.accept(a);
            jmx.incrementAndGet();
        } catch (RuntimeException ex) {
            LOG.warn("JMX notification of {} failed: {}", a.name(), ex.toString());
        }
    }

    /** The queue of every receiver of this alert (created with its route the first time). */
    private void queues(Exchange e) throws Exception {
        Delivery d = e.getIn().getBody(Delivery.class);
        NotifyConfig c = config.get();
        List<String> uris = new ArrayList<>();
        SnmpNotifier notifier = snmp.get();
        if (notifier != null) {
            for (String destination : notifier.destinations()) {
                uris.add(queue("snmp-" + key(destination), c, ex -> {
                    SnmpNotifier n = snmp.get();
                    if (n == null) {
                        throw new IllegalStateException("the SNMP agent is not available");
                    }
                    n.send(destination, ex.getIn().getBody(Delivery.class).alert());
                    snmpDelivered.incrementAndGet();
                }, snmpFailed, "SNMP destination " + destination));
            }
        }
        for (NotifyConfig.Receiver r : c.receivers()) {
            uris.add(queue("syslog-" + key(r.toString()), c, ex -> {
                syslog.send(r, syslog.format(ex.getIn().getBody(Delivery.class).alert(), config.get().facility()));
                syslogDelivered.incrementAndGet();
            }, syslogFailed, "syslog receiver " + r));
        }
        if (d.email() && c.mail() != null) {
            uris.add(queue("mail", c, ex -> {
                NotifyConfig.Mail m = config.get().mail();
                if (m == null) {
                    return;
                }
                char[] pw = m.passwordSealed().isEmpty() ? null : mailPassword.get();
                try {
                    mail.send(m, pw, ex.getIn().getBody(Delivery.class).alert());
                } finally {
                    if (pw != null) {
                        java.util.Arrays.fill(pw, '\0');
                    }
                }
                mailDelivered.incrementAndGet();
            }, mailFailed, "SMTP server"));
        }
        List<String> open = new ArrayList<>();
        for (String uri : uris) {
            SedaEndpoint ep = camel.getEndpoint(uri, SedaEndpoint.class);
            if (ep.getQueue().remainingCapacity() == 0) {
                dropped.incrementAndGet();
                LOG.warn("alert {} dropped for {}: its queue is full", d.alert().name(), ep.getEndpointKey());
            } else {
                open.add(uri);
            }
        }
        e.getIn().setHeader(QUEUES, open);
    }

    static String key(String s) {
        return s.replaceAll("[^A-Za-z0-9]", "_");
    }

    /** The SEDA queue of one receiver, and its route (retries, then count and log the failure). */
    private synchronized String queue(String key, NotifyConfig c, Processor send, AtomicLong failed, String what)
            throws Exception {
        String routeId = "alerts-" + key;
        String uri = "seda:alerts-" + key + "?size=" + c.queueSize() + "&discardWhenFull=true";
        if (camel.getRoute(routeId) == null) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    errorHandler(defaultErrorHandler().maximumRedeliveries(c.redeliveries())
                            .redeliveryDelay(c.redeliveryDelayMs()).retryAttemptedLogLevel(LoggingLevel.DEBUG)
                            .logExhausted(false).logStackTrace(false));
                    // the onException clause carries the retry policy itself (it does not take the error handler's)
                    onException(Exception.class).maximumRedeliveries(c.redeliveries())
                            .redeliveryDelay(c.redeliveryDelayMs()).retryAttemptedLogLevel(LoggingLevel.DEBUG)
                            .handled(true).process(ex -> {
                        failed.incrementAndGet();
                        Throwable cause = ex.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
                        LOG.warn("alert {} not delivered to {} after {} attempts: {}",
                                ex.getIn().getBody(Delivery.class).alert().name(), what, c.redeliveries() + 1,
                                cause == null ? "?" : cause.getMessage());
                    });
                    from(uri).routeId(routeId).process(send);
                }
            });
        }
        return uri;
    }

    public CamelContext camel() {
        return camel;
    }
}
