package org.imegate.alerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.imegate.api.alert.Alert;
import org.imegate.api.alert.AlertCatalogue;
import org.imegate.api.alert.AlertDefinition;
import org.imegate.api.alert.AlertFrequency;
import org.imegate.api.alert.AlertSeverity;
import org.imegate.api.alert.AlertState;
import org.imegate.api.alert.CounterCondition;
import org.imegate.api.validation.Validate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert engine (catalogue §9.4, UND-20). Two inputs: the alerts modules post (raised and cleared by the module
 * itself), and the counter alerts it evaluates itself at every poll from the modules' MBeans. Each goes through its
 * rule: a disabled alert is not delivered; a raise is delivered with the rule's severity unless its frequency
 * ("up to N alerts within M minutes", a sliding window) is used up, in which case it is suppressed and counted; a
 * counter condition must hold for the rule's duration before it raises, and raises again at every poll while it
 * holds (the frequency decides how many of those are delivered); a clear is delivered once when the condition ends,
 * if a raise of that episode was delivered. Counter alerts clear at their clearing threshold (low watermark).
 */
public final class AlertEngine {
    private static final Logger LOG = LoggerFactory.getLogger(AlertEngine.class);

    /** Reads a counter; empty when its MBean or attribute is not there. */
    public interface CounterReader {
        OptionalLong read(String objectName, String attribute);
    }

    /** Where the alerts that passed their rule go. */
    public interface Delivery {
        void deliver(Alert alert, boolean email);
    }

    /** Where changed rules persist. */
    public interface RuleStore {
        Map<String, AlertRule> load();

        void save(AlertRule rule);

        void delete(String name);
    }

    /** Per-alert state. */
    static final class State {
        boolean active;
        boolean raiseDelivered;
        Instant activeSince;
        Instant conditionSince;
        String message = "";
        AlertSeverity severity;
        final Deque<Instant> delivered = new ArrayDeque<>();
        long raised;
        long suppressed;
        long cleared;
    }

    private final Clock clock;
    private final CounterReader counters;
    private final Delivery delivery;
    private final RuleStore store;
    private final Map<String, AlertRule> rules = new LinkedHashMap<>();
    private final Map<String, State> states = new LinkedHashMap<>();
    final AtomicLong raisedTotal = new AtomicLong();
    final AtomicLong clearedTotal = new AtomicLong();
    final AtomicLong suppressedTotal = new AtomicLong();
    final AtomicLong disabledTotal = new AtomicLong();

    public AlertEngine(Clock clock, CounterReader counters, Delivery delivery, RuleStore store) {
        this.clock = clock;
        this.counters = counters;
        this.delivery = delivery;
        this.store = store;
        for (AlertDefinition d : AlertCatalogue.all()) {
            rules.put(d.name(), AlertRule.of(d));
        }
        for (AlertRule r : store.load().values()) {
            rules.put(r.name(), r);
        }
    }

    // ---- inputs

    /** An alert a module posted. */
    public synchronized void onEvent(Alert alert) {
        AlertRule rule = rules.computeIfAbsent(alert.name(),
                n -> AlertRule.unknown(n, alert.module(), alert.severity()));
        if (alert.state() == AlertState.RAISED) {
            raise(rule, alert);
        } else {
            clear(rule, alert);
        }
    }

    /** One poll: every counter alert's condition is evaluated on its counter's value now. */
    public synchronized void poll() {
        Instant now = clock.instant();
        for (AlertRule rule : List.copyOf(rules.values())) {
            CounterCondition c = rule.counter();
            if (c == null) {
                continue;
            }
            OptionalLong value = counters.read(c.objectName(), c.attribute());
            if (value.isEmpty()) {
                continue;
            }
            long v = value.getAsLong();
            State s = state(rule.name());
            if (c.raises(v)) {
                if (s.conditionSince == null) {
                    s.conditionSince = now;
                }
                if (Duration.between(s.conditionSince, now).getSeconds() >= rule.durationSeconds()) {
                    raise(rule, new Alert(rule.name(), rule.severity(), AlertState.RAISED, rule.module(),
                            rule.condition() + " (" + c.attribute() + " " + v + ", threshold " + c.threshold() + ")",
                            Map.of("attribute", c.attribute(), "value", Long.toString(v), "threshold",
                                    Long.toString(c.threshold())), now));
                }
            } else {
                s.conditionSince = null;
                if (s.active && c.clears(v)) {
                    clear(rule, new Alert(rule.name(), rule.severity(), AlertState.CLEARED, rule.module(),
                            c.attribute() + " " + v + " is back past " + c.clearThreshold(),
                            Map.of("attribute", c.attribute(), "value", Long.toString(v), "threshold",
                                    Long.toString(c.clearThreshold())), now));
                }
            }
        }
    }

    private void raise(AlertRule rule, Alert alert) {
        State s = state(rule.name());
        Instant now = clock.instant();
        if (!s.active) {
            s.active = true;
            s.raiseDelivered = false;
            s.activeSince = now;
        }
        s.message = alert.message();
        s.severity = rule.severity();
        if (!rule.enabled()) {
            disabledTotal.incrementAndGet();
            return;
        }
        AlertFrequency f = rule.frequency();
        if (!f.everyPoll()) {
            Instant from = now.minus(Duration.ofMinutes(f.withinMinutes()));
            while (!s.delivered.isEmpty() && !s.delivered.peekFirst().isAfter(from)) {
                s.delivered.pollFirst();
            }
            if (s.delivered.size() >= f.maxAlerts()) {
                s.suppressed++;
                suppressedTotal.incrementAndGet();
                LOG.debug("alert {} suppressed: {}", rule.name(), f);
                return;
            }
        }
        s.delivered.addLast(now);
        while (s.delivered.size() > 1000) {
            s.delivered.pollFirst();
        }
        s.raised++;
        s.raiseDelivered = true;
        raisedTotal.incrementAndGet();
        deliver(rule, new Alert(alert.name(), rule.severity(), AlertState.RAISED, alert.module(), alert.message(),
                alert.details(), alert.time()));
    }

    private void clear(AlertRule rule, Alert alert) {
        State s = state(rule.name());
        if (!s.active) {
            return;
        }
        boolean announce = s.raiseDelivered;
        s.active = false;
        s.raiseDelivered = false;
        s.activeSince = null;
        s.conditionSince = null;
        if (!rule.enabled()) {
            disabledTotal.incrementAndGet();
            return;
        }
        if (announce) {
            s.cleared++;
            clearedTotal.incrementAndGet();
            deliver(rule, new Alert(alert.name(), rule.severity(), AlertState.CLEARED, alert.module(),
                    alert.message(), alert.details(), alert.time()));
        }
    }

    private void deliver(AlertRule rule, Alert alert) {
        try {
            delivery.deliver(alert, rule.email());
        } catch (RuntimeException e) {
            LOG.error("alert {} {} not handed to the notification route: {}", alert.name(), alert.state(),
                    e.toString());
        }
    }

    private State state(String name) {
        return states.computeIfAbsent(name, n -> new State());
    }

    // ---- rules

    public synchronized List<AlertRule> rules() {
        return List.copyOf(rules.values());
    }

    public synchronized AlertRule rule(String name) {
        AlertRule r = rules.get(Validate.required("alert", name));
        if (r == null) {
            throw Validate.unknown("alert", name);
        }
        return r;
    }

    /** Raised now, with since and message: name → state snapshot. */
    public synchronized Map<String, String[]> active() {
        Map<String, String[]> out = new LinkedHashMap<>();
        states.forEach((n, s) -> {
            if (s.active) {
                out.put(n, new String[] {s.severity == null ? "" : s.severity.name(), String.valueOf(s.activeSince),
                        s.message});
            }
        });
        return out;
    }

    /** {raised, cleared, suppressed, disabled} of every alert together since start. */
    public long[] totals() {
        return new long[] {raisedTotal.get(), clearedTotal.get(), suppressedTotal.get(), disabledTotal.get()};
    }

    /** {Raised, Suppressed, Cleared, active ? 1 : 0} of one alert. */
    public synchronized long[] counts(String name) {
        State s = states.get(name);
        return s == null ? new long[4] : new long[] {s.raised, s.suppressed, s.cleared, s.active ? 1 : 0};
    }

    private void change(AlertRule next, String what) {
        rules.put(next.name(), next);
        store.save(next);
        LoggerFactory.getLogger(org.imegate.api.audit.AuditLog.LOGGER).info("alert {}: {}", next.name(), what);
        LOG.info("alert {}: {}", next.name(), what);
    }

    public synchronized void setEnabled(String name, boolean enabled) {
        change(rule(name).withEnabled(enabled), enabled ? "enabled" : "disabled");
    }

    public synchronized void setSeverity(String name, String severity) {
        AlertSeverity s = Validate.oneOf("severity", severity, AlertSeverity.class);
        change(rule(name).withSeverity(s), "severity " + s.name().toLowerCase(Locale.ROOT));
    }

    public synchronized void setThreshold(String name, long threshold, long clearThreshold) {
        AlertRule r = rule(name);
        CounterCondition c = r.counter();
        if (c == null) {
            throw Validate.fail("alert", name, "has no counter threshold (its module raises and clears it)");
        }
        Validate.range("threshold", threshold, -1_000_000_000L, 1_000_000_000_000L);
        if (c.comparison() == CounterCondition.Comparison.ABOVE && clearThreshold > threshold) {
            throw Validate.fail("clear-threshold", clearThreshold, "must not be above the threshold " + threshold);
        }
        if (c.comparison() == CounterCondition.Comparison.BELOW && clearThreshold < threshold) {
            throw Validate.fail("clear-threshold", clearThreshold, "must not be below the threshold " + threshold);
        }
        change(r.withCounter(c.withThresholds(threshold, clearThreshold)),
                "threshold " + threshold + " clear-threshold " + clearThreshold);
    }

    public synchronized void setDuration(String name, int seconds) {
        Validate.range("duration", seconds, 0, 86_400);
        change(rule(name).withDuration(seconds), seconds == 0 ? "trigger immediately" : "duration " + seconds + " s");
    }

    public synchronized void setFrequency(String name, String frequency) {
        AlertFrequency f = AlertFrequency.parse(frequency);
        change(rule(name).withFrequency(f), "frequency " + f);
    }

    public synchronized void setEmail(String name, boolean email) {
        change(rule(name).withEmail(email), email ? "e-mail enabled" : "e-mail disabled");
    }

    public synchronized void restoreDefault(String name) {
        AlertRule r = rule(name);
        AlertRule d = AlertCatalogue.find(name).map(AlertRule::of)
                .orElse(AlertRule.unknown(name, r.module(), r.severity()));
        rules.put(name, d);
        store.delete(name);
        LOG.info("alert {}: default configuration", name);
    }
}
