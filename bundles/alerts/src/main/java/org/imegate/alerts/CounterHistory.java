package org.imegate.alerts;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counter history for trends (UND-20): the value of every numeric attribute of the imegate MBeans, sampled every
 * history interval (5 minutes by default, as the seed logs its counters), the last {@code capacity} samples each.
 */
public final class CounterHistory {

    /** One sample. */
    public record Sample(Instant time, long value) {
    }

    private final int capacity;
    private final Map<String, Deque<Sample>> series = new LinkedHashMap<>();

    public CounterHistory(int capacity) {
        this.capacity = capacity;
    }

    static String key(String objectName, String attribute) {
        return objectName + " " + attribute;
    }

    public synchronized void add(String objectName, String attribute, Instant time, long value) {
        Deque<Sample> d = series.computeIfAbsent(key(objectName, attribute), k -> new ArrayDeque<>());
        d.addLast(new Sample(time, value));
        while (d.size() > capacity) {
            d.pollFirst();
        }
    }

    public synchronized List<Sample> get(String objectName, String attribute) {
        Deque<Sample> d = series.get(key(objectName, attribute));
        return d == null ? List.of() : new ArrayList<>(d);
    }

    /** The counters sampled, {@code <object name> <attribute>}. */
    public synchronized List<String> keys() {
        return new ArrayList<>(series.keySet());
    }
}
