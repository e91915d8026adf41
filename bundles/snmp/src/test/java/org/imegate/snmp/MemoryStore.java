package org.imegate.snmp;

final class MemoryStore implements SnmpStore {
    SnmpSettings saved = SnmpSettings.defaults();
    int saves;

    @Override
    public SnmpSettings load() {
        return saved;
    }

    @Override
    public void save(SnmpSettings previous, SnmpSettings next) {
        saved = next;
        saves++;
    }
}
