package org.imegate.ime.vap;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.imegate.api.ime.VServiceInfo;

/**
 * The VAP state shared by all VAP server instances (draft §6): client objects with their handles and
 * subscriptions, and the VServices with their instances. VCRs are not here: they outlive clients.
 */
public final class VapRegistry {

    /** A client object: its handle, the connection it is bound to, its subscriptions. */
    public static final class Client {
        final long handle;
        final String name;
        volatile VapSession session;
        final Map<Long, Long> subscriptions = new LinkedHashMap<>();
        long nextSubscription = 1;

        Client(long handle, String name, VapSession session) {
            this.handle = handle;
            this.name = name;
            this.session = session;
        }

        public long handle() {
            return handle;
        }

        public VapSession session() {
            return session;
        }
    }

    private static final class VService {
        ServiceXml.VService doc;
        final Map<Long, VServiceInfo.Instance> instances = new LinkedHashMap<>();
    }

    /** A subscriber to notify: the client and its SubscriptionID. */
    public record Subscriber(Client client, long subscriptionId) {
    }

    /** Outcome of a VService publication. */
    public enum PublishResult { ACCEPTED, VERSION_TOO_LOW }

    private final AtomicLong handles = new AtomicLong();
    private final Map<Long, Client> clients = new HashMap<>();
    private final Map<Long, VService> vservices = new LinkedHashMap<>();

    /** Creates a client object bound to {@code session}, with a new unique handle. */
    public synchronized Client register(String clientName, VapSession session) {
        long h = handles.incrementAndGet();
        Client c = new Client(h, clientName, session);
        clients.put(h, c);
        return c;
    }

    /** The client of {@code handle}, rebound to {@code session}; empty when unknown. The previous session is returned through the client. */
    public synchronized Optional<Client> client(long handle) {
        return Optional.ofNullable(clients.get(handle));
    }

    /** Destroys a client: its subscriptions and its VService instances (VServices left without instances go too). */
    public synchronized void drop(Client c) {
        if (clients.remove(c.handle) == null) {
            return;
        }
        vservices.values().forEach(v -> v.instances.values().removeIf(i -> i.clientHandle() == c.handle));
        vservices.values().removeIf(v -> v.instances.isEmpty());
    }

    public synchronized int clientCount() {
        return clients.size();
    }

    /** Publishes (or updates) instance {@code id.instance()} of VService {@code id.vserviceId()}. */
    public synchronized PublishResult publish(Client c, ServiceIdentity id, ServiceXml.VService doc, long version) {
        VService v = vservices.get(id.vserviceId());
        if (v != null) {
            VServiceInfo.Instance current = v.instances.get(id.instance());
            if (current != null && version < current.version()) {
                return PublishResult.VERSION_TOO_LOW;
            }
        } else {
            v = new VService();
            vservices.put(id.vserviceId(), v);
        }
        v.doc = doc;
        v.instances.put(id.instance(), new VServiceInfo.Instance(id.instance(), c.handle, version, doc.sipUris()));
        return PublishResult.ACCEPTED;
    }

    /** Removes an instance; the VService goes with its last instance. Whether there was such an instance. */
    public synchronized boolean unpublish(long vserviceId, long instance) {
        VService v = vservices.get(vserviceId);
        if (v == null || v.instances.remove(instance) == null) {
            return false;
        }
        if (v.instances.isEmpty()) {
            vservices.remove(vserviceId);
        }
        return true;
    }

    public synchronized Optional<VServiceInfo> vservice(long vserviceId) {
        return Optional.ofNullable(vservices.get(vserviceId)).map(v -> info(vserviceId, v));
    }

    public synchronized List<VServiceInfo> vservices() {
        List<VServiceInfo> out = new ArrayList<>();
        vservices.forEach((id, v) -> out.add(info(id, v)));
        out.sort(Comparator.comparing(VServiceInfo::vserviceId, Long::compareUnsigned));
        return out;
    }

    private static VServiceInfo info(long id, VService v) {
        return new VServiceInfo(id, v.doc.id(), v.doc.dhtName(), v.doc.domain(), v.doc.didCount(),
                v.doc.whitelist(), v.doc.blacklist(), new ArrayList<>(v.instances.values()));
    }

    /** Sum of DIDCount over the VServices publishing into {@code dhtName} (the Quota "current"). */
    public synchronized long quotaUsed(String dhtName) {
        return vservices.values().stream().filter(v -> v.doc.dhtName().equals(dhtName))
                .mapToLong(v -> v.doc.didCount()).sum();
    }

    /** Sum of DIDCount over all VServices. */
    public synchronized long quotaUsed() {
        return vservices.values().stream().mapToLong(v -> v.doc.didCount()).sum();
    }

    /** Subscribes {@code c} to {@code vserviceId}; the same VService twice gives the same SubscriptionID. */
    public synchronized long subscribe(Client c, long vserviceId) {
        for (Map.Entry<Long, Long> s : c.subscriptions.entrySet()) {
            if (s.getValue() == vserviceId) {
                return s.getKey();
            }
        }
        long id = c.nextSubscription++;
        c.subscriptions.put(id, vserviceId);
        return id;
    }

    /** Removes a subscription; false when {@code c} has no such subscription. */
    public synchronized boolean unsubscribe(Client c, long subscriptionId) {
        return c.subscriptions.remove(subscriptionId) != null;
    }

    /** The subscribers of {@code vserviceId}. */
    public synchronized List<Subscriber> subscribers(long vserviceId) {
        List<Subscriber> out = new ArrayList<>();
        for (Client c : clients.values()) {
            c.subscriptions.forEach((sub, vs) -> {
                if (vs == vserviceId) {
                    out.add(new Subscriber(c, sub));
                }
            });
        }
        return out;
    }

    /** All clients. */
    public synchronized List<Client> clients() {
        return new ArrayList<>(clients.values());
    }
}
