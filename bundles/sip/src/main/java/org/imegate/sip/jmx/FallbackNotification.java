package org.imegate.sip.jmx;

import javax.management.DynamicMBean;
import javax.management.NotCompliantMBeanException;
import javax.management.StandardMBean;
import org.imegate.api.sip.FallbackNotificationMBean;
import org.imegate.sip.inspect.UcImeService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code org.imegate:type=sip,name=fallback-notification}: the fallback REFERs sent to the call agents. */
@Component(service = {FallbackNotificationMBean.class, DynamicMBean.class},
        property = "jmx.objectname=org.imegate:type=sip,name=fallback-notification")
public final class FallbackNotification extends StandardMBean implements FallbackNotificationMBean {

    private final UcImeService service;

    @Activate
    public FallbackNotification(@Reference UcImeService service) throws NotCompliantMBeanException {
        super(FallbackNotificationMBean.class);
        this.service = service;
    }

    @Override
    public long getTotalNotificationsSent() {
        return service.fallbackNotifications().totalSent();
    }

    @Override
    public long getNotificationsAccepted() {
        return service.fallbackNotifications().totalAccepted();
    }

    @Override
    public long getNotificationsFailed() {
        return service.fallbackNotifications().totalFailed();
    }

    @Override
    public String showStatistics() {
        return service.fallbackNotifications().show();
    }
}
