package org.imegate.ring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.imegate.ring.msg.StoredData;

/** What a node stores for the ring: per Resource-ID a dictionary of signed entries. */
public final class DataStore {
    private final Map<NodeId, Map<String, StoredData>> data = new ConcurrentHashMap<>();

    /** Result of {@link #put}. */
    public enum PutResult { STORED, OLDER }

    /** Stores {@code d} unless an entry with a later storage time is held for its key. */
    public synchronized PutResult put(NodeId resource, StoredData d) {
        Map<String, StoredData> dict = data.computeIfAbsent(resource, r -> new ConcurrentHashMap<>());
        StoredData old = dict.get(d.key());
        if (old != null && old.storageTime() > d.storageTime()) {
            return PutResult.OLDER;
        }
        dict.put(d.key(), d);
        return PutResult.STORED;
    }

    /** The unexpired entries of {@code resource}. */
    public List<StoredData> get(NodeId resource, long now) {
        Map<String, StoredData> dict = data.get(resource);
        List<StoredData> out = new ArrayList<>();
        if (dict != null) {
            for (StoredData d : dict.values()) {
                if (d.expiresAt() > now) {
                    out.add(d);
                }
            }
        }
        return out;
    }

    public boolean has(NodeId resource, String key) {
        Map<String, StoredData> dict = data.get(resource);
        return dict != null && dict.containsKey(key);
    }

    public int entries(NodeId resource) {
        Map<String, StoredData> dict = data.get(resource);
        return dict == null ? 0 : dict.size();
    }

    public Set<NodeId> resources() {
        return Set.copyOf(data.keySet());
    }

    /** Entries whose key starts with {@code prefix} (one writer's entries). */
    public int countByPrefix(String prefix) {
        int n = 0;
        for (Map<String, StoredData> dict : data.values()) {
            for (String k : dict.keySet()) {
                if (k.startsWith(prefix)) {
                    n++;
                }
            }
        }
        return n;
    }

    public int totalEntries() {
        return data.values().stream().mapToInt(Map::size).sum();
    }

    public long bytes() {
        long n = 0;
        for (Map<String, StoredData> dict : data.values()) {
            for (StoredData d : dict.values()) {
                n += d.size();
            }
        }
        return n;
    }

    /** Removes expired entries; returns how many. */
    public synchronized int expire(long now) {
        int n = 0;
        for (var it = data.entrySet().iterator(); it.hasNext();) {
            var e = it.next();
            int before = e.getValue().size();
            e.getValue().values().removeIf(d -> d.expiresAt() <= now);
            n += before - e.getValue().size();
            if (e.getValue().isEmpty()) {
                it.remove();
            }
        }
        return n;
    }
}
