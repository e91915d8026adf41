package org.imegate.alerts.jmx;

import java.util.Map;
import java.util.function.Consumer;
import javax.management.DynamicMBean;
import javax.management.MalformedObjectNameException;
import javax.management.NotCompliantMBeanException;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;
import org.imegate.alerts.AlertEngine;
import org.imegate.alerts.AlertEngineComponent;
import org.imegate.alerts.AlertRule;
import org.imegate.alerts.CounterHistory;
import org.imegate.api.alert.AlertEngineMBean;
import org.imegate.api.validation.Validate;
import org.imegate.api.validation.ValidationException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code org.imegate:type=alert,name=engine}. */
@Component(service = {AlertEngineMBean.class, DynamicMBean.class},
        property = "jmx.objectname=org.imegate:type=alert,name=engine")
public final class AlertEngineMBeanImpl extends StandardMBean implements AlertEngineMBean {

    private static final String[] RULE_ITEMS = {"Name", "Module", "Enabled", "Severity", "Threshold",
        "ClearThreshold", "Duration", "Frequency", "Email", "State", "Raised", "Suppressed"};
    private static final OpenType<?>[] RULE_TYPES = {SimpleType.STRING, SimpleType.STRING, SimpleType.BOOLEAN,
        SimpleType.STRING, SimpleType.LONG, SimpleType.LONG, SimpleType.INTEGER, SimpleType.STRING,
        SimpleType.BOOLEAN, SimpleType.STRING, SimpleType.LONG, SimpleType.LONG};
    private static final String[] ACTIVE_ITEMS = {"Name", "Severity", "Since", "Message"};

    private final AlertEngineComponent component;

    @Activate
    public AlertEngineMBeanImpl(@Reference AlertEngineComponent component) throws NotCompliantMBeanException {
        super(AlertEngineMBean.class);
        this.component = component;
    }

    private AlertEngine engine() {
        return component.engine();
    }

    @Override
    public TabularData getRules() {
        try {
            CompositeType row = new CompositeType("AlertRule", "an alert rule", RULE_ITEMS, RULE_ITEMS, RULE_TYPES);
            TabularDataSupport t = new TabularDataSupport(new TabularType("AlertRules", "alert rules", row,
                    new String[] {"Name"}));
            for (AlertRule r : engine().rules()) {
                long[] c = engine().counts(r.name());
                t.put(new CompositeDataSupport(row, RULE_ITEMS, new Object[] {r.name(), r.module(), r.enabled(),
                    r.severity().name(), r.counter() == null ? -1L : r.counter().threshold(),
                    r.counter() == null ? -1L : r.counter().clearThreshold(), r.durationSeconds(),
                    r.frequency().toString(), r.email(), c[3] == 1 ? "RAISED" : "CLEARED", c[0], c[1]}));
            }
            return t;
        } catch (OpenDataException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public TabularData getActiveAlerts() {
        try {
            OpenType<?>[] types = {SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING};
            CompositeType row = new CompositeType("ActiveAlert", "an alert raised now", ACTIVE_ITEMS, ACTIVE_ITEMS,
                    types);
            TabularDataSupport t = new TabularDataSupport(new TabularType("ActiveAlerts", "alerts raised now", row,
                    new String[] {"Name"}));
            for (Map.Entry<String, String[]> e : engine().active().entrySet()) {
                t.put(new CompositeDataSupport(row, ACTIVE_ITEMS, new Object[] {e.getKey(), e.getValue()[0],
                    e.getValue()[1], e.getValue()[2]}));
            }
            return t;
        } catch (OpenDataException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int getPollSeconds() {
        return component.pollSeconds();
    }

    @Override
    public long getAlertsRaised() {
        return engine().totals()[0];
    }

    @Override
    public long getAlertsCleared() {
        return engine().totals()[1];
    }

    @Override
    public long getAlertsSuppressed() {
        return engine().totals()[2];
    }

    @Override
    public long getAlertsDisabled() {
        return engine().totals()[3];
    }

    @Override
    public void setEnabled(String alert, boolean enabled) {
        run(e -> e.setEnabled(alert, enabled));
    }

    @Override
    public void setSeverity(String alert, String severity) {
        run(e -> e.setSeverity(alert, severity));
    }

    @Override
    public void setThreshold(String alert, long threshold, long clearThreshold) {
        run(e -> e.setThreshold(alert, threshold, clearThreshold));
    }

    @Override
    public void setDuration(String alert, int seconds) {
        run(e -> e.setDuration(alert, seconds));
    }

    @Override
    public void setFrequency(String alert, String frequency) {
        run(e -> e.setFrequency(alert, frequency));
    }

    @Override
    public void setEmail(String alert, boolean email) {
        run(e -> e.setEmail(alert, email));
    }

    @Override
    public void restoreDefault(String alert) {
        run(e -> e.restoreDefault(alert));
    }

    @Override
    public String counterHistory(String objectName, String attribute) {
        try {
            return historyText(component.history(), objectName, attribute);
        } catch (ValidationException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** The lines {@code <time> <value>} of one counter, oldest first. */
    public static String historyText(CounterHistory history, String objectName, String attribute) {
        String canonical;
        try {
            canonical = new ObjectName(Validate.required("mbean", objectName)).getCanonicalName();
        } catch (MalformedObjectNameException e) {
            throw Validate.fail("mbean", objectName, "is not an MBean name (" + e.getMessage() + ")");
        }
        StringBuilder b = new StringBuilder();
        for (CounterHistory.Sample s : history.get(canonical, Validate.required("attribute", attribute))) {
            b.append(s.time()).append(' ').append(s.value()).append('\n');
        }
        return b.toString();
    }

    private void run(Consumer<AlertEngine> op) {
        try {
            op.accept(engine());
        } catch (ValidationException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }
}
