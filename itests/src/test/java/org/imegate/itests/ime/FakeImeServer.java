package org.imegate.itests.ime;

import java.util.Hashtable;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.DynamicMBean;
import javax.management.StandardMBean;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * A bundle dropped into the appliance's deploy/ that registers {@code org.imegate:type=ime,name=server} the way
 * imegate modules register their MBeans (a DynamicMBean service with {@code jmx.objectname}).
 */
public final class FakeImeServer implements BundleActivator, FakeImeServerMBean {
    public static final String OBJECT_NAME = "org.imegate:type=ime,name=server";

    private final AtomicLong pending = new AtomicLong();
    private ServiceRegistration<DynamicMBean> registration;

    @Override
    public void start(BundleContext context) throws Exception {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("jmx.objectname", OBJECT_NAME);
        registration = context.registerService(DynamicMBean.class, new StandardMBean(this, FakeImeServerMBean.class), p);
    }

    @Override
    public void stop(BundleContext context) {
        registration.unregister();
    }

    @Override
    public long getValidationsPending() {
        return pending.get();
    }

    @Override
    public void setValidationsPending(long value) {
        pending.set(value);
    }

    @Override
    public long getValidationAttempts() {
        return 7;
    }

    @Override
    public int getClientsRegistered() {
        return 2;
    }
}
