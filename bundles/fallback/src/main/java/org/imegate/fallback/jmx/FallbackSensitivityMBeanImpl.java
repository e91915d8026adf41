package org.imegate.fallback.jmx;

import javax.management.DynamicMBean;
import javax.management.NotCompliantMBeanException;
import javax.management.StandardMBean;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;
import org.imegate.api.fallback.FallbackSensitivityMBean;
import org.imegate.api.fallback.Thresholds;
import org.imegate.fallback.FallbackModules;
import org.imegate.fallback.ModuleRow;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code org.imegate:type=fallback,name=sensitivity}: the table of {@code fallback:show-sensitivity}. */
@Component(service = {FallbackSensitivityMBean.class, DynamicMBean.class},
        property = "jmx.objectname=org.imegate:type=fallback,name=sensitivity")
public final class FallbackSensitivityMBeanImpl extends StandardMBean implements FallbackSensitivityMBean {

    static final String[] ITEMS = {"Level", "Name", "Source", "Module", "MaxRblrPctX100", "MaxIteIn8s", "MaxBlsMs",
        "MaxMovAvgPdvUs", "MaxConcealedSecPct"};
    static final CompositeType LEVEL;
    static final TabularType LEVELS;

    static {
        try {
            LEVEL = new CompositeType("SensitivityLevel", "The fallback sensitivity module in force for one level",
                    ITEMS,
                    new String[] {"sensitivity level 0-5", "level name", "builtin or the .fbs file name",
                        "module named by the file", "Max_RBLR_pct_x100 limit (0.01 %), -1 for none",
                        "Max_ITE_count_in_8_sec limit, -1 for none", "Max_BLS_ms limit, -1 for none",
                        "Mov_avg_PDV_usec limit, -1 for none", "concealed seconds limit (%), -1 for none"},
                    new OpenType<?>[] {SimpleType.INTEGER, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING,
                        SimpleType.INTEGER, SimpleType.INTEGER, SimpleType.INTEGER, SimpleType.INTEGER,
                        SimpleType.INTEGER});
            LEVELS = new TabularType("SensitivityLevels", "The fallback sensitivity modules in force", LEVEL,
                    new String[] {"Level"});
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final FallbackModules modules;

    @Activate
    public FallbackSensitivityMBeanImpl(@Reference FallbackModules modules) throws NotCompliantMBeanException {
        super(FallbackSensitivityMBean.class);
        this.modules = modules;
    }

    @Override
    public TabularData getLevels() {
        TabularDataSupport table = new TabularDataSupport(LEVELS);
        for (ModuleRow r : modules.inForce()) {
            Thresholds t = r.thresholds();
            try {
                table.put(new CompositeDataSupport(LEVEL, ITEMS, new Object[] {r.level(), r.name(), r.source(),
                    r.module(), limit(t.maxRblrPctX100()), limit(t.maxIteIn8s()), limit(t.maxBlsMs()),
                    limit(t.maxMovAvgPdvUs()), limit(t.maxConcealedSecPct())}));
            } catch (OpenDataException e) {
                throw new IllegalStateException(e);
            }
        }
        return table;
    }

    @Override
    public String getLastRefusal() {
        return modules.lastRefusal();
    }

    private static int limit(int value) {
        return value == Integer.MAX_VALUE ? -1 : value;
    }
}
