package org.imegate.snmp;

import java.util.concurrent.atomic.AtomicLong;
import org.snmp4j.event.CounterEvent;
import org.snmp4j.event.CounterListener;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.OID;

/**
 * The agent's counters since the appliance started, kept across restarts of the agent: the security refusals
 * (counted from SNMP4J's counter events) and the notifications sent.
 */
public final class SnmpCounters implements CounterListener {
    final AtomicLong badCommunityNames = new AtomicLong();
    final AtomicLong wrongDigests = new AtomicLong();
    final AtomicLong unknownUserNames = new AtomicLong();
    final AtomicLong decryptionErrors = new AtomicLong();
    final AtomicLong unsupportedSecLevels = new AtomicLong();
    final AtomicLong refusedByHost = new AtomicLong();
    final AtomicLong requestsProcessed = new AtomicLong();
    final AtomicLong trapsSent = new AtomicLong();
    final AtomicLong informsAcknowledged = new AtomicLong();
    final AtomicLong informsFailed = new AtomicLong();

    @Override
    public void incrementCounter(CounterEvent event) {
        OID id = event.getOid();
        if (id == null) {
            return;
        }
        if (id.startsWith(SnmpConstants.snmpInBadCommunityNames)) {
            badCommunityNames.incrementAndGet();
        } else if (id.startsWith(SnmpConstants.usmStatsWrongDigests)) {
            wrongDigests.incrementAndGet();
        } else if (id.startsWith(SnmpConstants.usmStatsUnknownUserNames)) {
            unknownUserNames.incrementAndGet();
        } else if (id.startsWith(SnmpConstants.usmStatsDecryptionErrors)) {
            decryptionErrors.incrementAndGet();
        } else if (id.startsWith(SnmpConstants.usmStatsUnsupportedSecLevels)) {
            unsupportedSecLevels.incrementAndGet();
        }
    }

    public long badCommunityNames() {
        return badCommunityNames.get();
    }

    public long wrongDigests() {
        return wrongDigests.get();
    }

    public long unknownUserNames() {
        return unknownUserNames.get();
    }

    public long decryptionErrors() {
        return decryptionErrors.get();
    }

    public long unsupportedSecLevels() {
        return unsupportedSecLevels.get();
    }

    public long refusedByHost() {
        return refusedByHost.get();
    }

    public long requestsProcessed() {
        return requestsProcessed.get();
    }

    public long trapsSent() {
        return trapsSent.get();
    }

    public long informsAcknowledged() {
        return informsAcknowledged.get();
    }

    public long informsFailed() {
        return informsFailed.get();
    }
}
