package org.imegate.snmp;

import javax.management.AttributeNotFoundException;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.snmp4j.agent.mo.MOAccessImpl;
import org.snmp4j.agent.mo.MOScalar;
import org.snmp4j.smi.Counter64;
import org.snmp4j.smi.Gauge32;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An IMEGATE-MIB counter: the value of one MBean attribute, read at each request. While the MBean (or the
 * attribute) is not there, the value is null: a GET answers noSuchObject and GETNEXT skips the object.
 */
final class MBeanScalar extends MOScalar<Variable> {
    private static final Logger LOG = LoggerFactory.getLogger(MBeanScalar.class);
    private static final long GAUGE32_MAX = 0xFFFFFFFFL;

    private final ImegateMib.Counter counter;
    private final ObjectName name;
    private final MBeanServer mbeans;

    MBeanScalar(ImegateMib.Counter counter, MBeanServer mbeans) {
        super(new OID(counter.oid() + ".0"), MOAccessImpl.ACCESS_READ_ONLY, null);
        this.counter = counter;
        this.mbeans = mbeans;
        try {
            this.name = new ObjectName(counter.group().objectName());
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(counter.group().objectName(), e);
        }
    }

    @Override
    public Variable getValue() {
        Object value;
        try {
            value = mbeans.getAttribute(name, counter.attribute());
        } catch (InstanceNotFoundException | AttributeNotFoundException absent) {
            return null;
        } catch (Exception e) {
            LOG.debug("{} {} not readable: {}", name, counter.attribute(), e.toString());
            return null;
        }
        return value instanceof Number n ? convert(counter.kind(), n.longValue()) : null;
    }

    static Variable convert(ImegateMib.Kind kind, long v) {
        return switch (kind) {
            case COUNTER64 -> new Counter64(Math.max(0, v));
            case GAUGE32 -> new Gauge32(Math.max(0, Math.min(GAUGE32_MAX, v)));
            case INTEGER32 -> new Integer32((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v)));
        };
    }
}
