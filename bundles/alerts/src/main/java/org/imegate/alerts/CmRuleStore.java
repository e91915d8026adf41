package org.imegate.alerts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.imegate.api.alert.AlertCatalogue;
import org.imegate.api.alert.AlertFrequency;
import org.imegate.api.alert.AlertSeverity;
import org.imegate.api.alert.CounterCondition;
import org.imegate.api.config.EtcFiles;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rules changed by operators, as factory configurations {@value #FACTORY_PID} ({@code etc/org.imegate.alert.rule-<alert>.cfg}):
 * name, enabled, severity, threshold, clearthreshold, duration, frequency, email. An alert without one has the
 * catalogue's default configuration.
 */
final class CmRuleStore implements AlertEngine.RuleStore {
    private static final Logger LOG = LoggerFactory.getLogger(CmRuleStore.class);
    static final String FACTORY_PID = "org.imegate.alert.rule";

    private final ConfigurationAdmin cm;

    CmRuleStore(ConfigurationAdmin cm) {
        this.cm = cm;
    }

    @Override
    public Map<String, AlertRule> load() {
        Map<String, AlertRule> out = new LinkedHashMap<>();
        for (Configuration c : list()) {
            Dictionary<String, Object> p = c.getProperties();
            try {
                String name = str(p, "name");
                AlertRule base = AlertCatalogue.find(name).map(AlertRule::of).orElse(
                        AlertRule.unknown(name, str(p, "module"), AlertSeverity.valueOf(str(p, "severity"))));
                CounterCondition counter = base.counter();
                if (counter != null && p.get("threshold") != null) {
                    counter = counter.withThresholds(Long.parseLong(str(p, "threshold")),
                            Long.parseLong(str(p, "clearthreshold")));
                }
                out.put(name, new AlertRule(name, base.module(), Boolean.parseBoolean(str(p, "enabled")),
                        AlertSeverity.valueOf(str(p, "severity")), counter, Integer.parseInt(str(p, "duration")),
                        AlertFrequency.parse(str(p, "frequency")), Boolean.parseBoolean(str(p, "email")),
                        base.condition()));
            } catch (RuntimeException e) {
                LOG.error("alert rule {} ignored: {}", c.getPid(), e.toString());
            }
        }
        return out;
    }

    @Override
    public void save(AlertRule r) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("name", r.name());
        p.put("module", r.module());
        p.put("enabled", Boolean.toString(r.enabled()));
        p.put("severity", r.severity().name());
        if (r.counter() != null) {
            p.put("threshold", Long.toString(r.counter().threshold()));
            p.put("clearthreshold", Long.toString(r.counter().clearThreshold()));
        }
        p.put("duration", Integer.toString(r.durationSeconds()));
        p.put("frequency", r.frequency().toString());
        p.put("email", Boolean.toString(r.email()));
        try {
            Configuration c = find(r.name());
            if (c == null) {
                c = cm.getFactoryConfiguration(FACTORY_PID, r.name(), "?");
            }
            EtcFiles.save(c, FACTORY_PID, r.name(), p);
        } catch (IOException e) {
            throw new UncheckedIOException("alert rule " + r.name() + " not saved", e);
        }
    }

    @Override
    public void delete(String name) {
        try {
            Configuration c = find(name);
            if (c != null) {
                org.imegate.api.config.EtcFiles.delete(c);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("alert rule " + name + " not deleted", e);
        }
    }

    private Configuration find(String name) {
        for (Configuration c : list()) {
            if (name.equals(String.valueOf(c.getProperties().get("name")))) {
                return c;
            }
        }
        return null;
    }

    private Configuration[] list() {
        try {
            Configuration[] found = cm.listConfigurations("(service.factoryPid=" + FACTORY_PID + ")");
            if (found == null) {
                return new Configuration[0];
            }
            return java.util.Arrays.stream(found).filter(c -> c.getProperties() != null).toArray(Configuration[]::new);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String str(Dictionary<String, Object> p, String key) {
        Object v = p.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing " + key);
        }
        return v.toString();
    }
}
