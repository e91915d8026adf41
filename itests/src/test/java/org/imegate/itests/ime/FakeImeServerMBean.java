package org.imegate.itests.ime;

/**
 * The counters of the IME server's MBean ({@code org.imegate:type=ime,name=server}) that the tests drive: the IME
 * server module is not written yet, so a test bundle plays it, as that module will, by registering its MBean.
 */
public interface FakeImeServerMBean {
    long getValidationsPending();

    void setValidationsPending(long value);

    long getValidationAttempts();

    int getClientsRegistered();
}
