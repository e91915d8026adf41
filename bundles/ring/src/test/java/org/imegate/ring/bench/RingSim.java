package org.imegate.ring.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.imegate.ring.ChordNode;
import org.imegate.ring.NodeId;
import org.imegate.ring.SimRing;
import org.imegate.ring.msg.Bodies;
import org.imegate.ring.msg.Codes;

/**
 * Simulation of the ring over the in-memory transport, every message through the RELOAD codec:
 * for each size N, builds the ring by successive joins through one bootstrap node, runs stabilisation
 * rounds, and prints mean and p99 hops per lookup against log2(N), lookup correctness, stored copies
 * per key, and fetch success under 10 % churn (10 % of the nodes crash, 10 % new ones join). Prints
 * figures only; it asserts nothing.
 *
 * <p>Usage: {@code RingSim [N ...]} (default 1000 10000).
 */
public final class RingSim {

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length == 0 ? new int[] {1000, 10000} : Arrays.stream(args).mapToInt(Integer::parseInt)
                .toArray();
        System.out.printf("%7s %8s %9s %8s %7s %9s %8s %9s %10s %10s %10s%n", "N", "build_s", "log2(N)", "hops_mean",
                "hops_p99", "correct", "copies", "churn_ok0", "churn_ok1", "churn_ok2", "msgs/node");
        for (int n : sizes) {
            run(n);
        }
        // machine-readable figures for itests/bench/run-all, after the table
        RESULTS.forEach(System.out::println);
    }

    private static final java.util.List<String> RESULTS = new java.util.ArrayList<>();

    private static void run(int n) throws Exception {
        long t0 = System.nanoTime();
        SimRing ring = new SimRing(n);
        ring.bootstrap();
        for (int i = 1; i < n; i++) {
            ring.add();
        }
        ring.stabilizeAll(2);
        double build = (System.nanoTime() - t0) / 1e9;
        Random r = new Random(7);
        // lookups
        TreeMap<NodeId, ChordNode> truth = new TreeMap<>();
        ring.nodes.forEach(x -> truth.put(x.id(), x));
        int lookups = 2000;
        int[] hops = new int[lookups];
        int correct = 0;
        for (int i = 0; i < lookups; i++) {
            ChordNode from = ring.nodes.get(r.nextInt(ring.nodes.size()));
            NodeId target = NodeId.random(r);
            ChordNode.Answer a = from.lookup(target);
            hops[i] = a.hops();
            if (!a.error()) {
                NodeId got = Bodies.PingAns.decode(a.message().body()).responder().id();
                NodeId want = successor(truth, target);
                if (got.equals(want)) {
                    correct++;
                }
            }
        }
        Arrays.sort(hops);
        double mean = Arrays.stream(hops).average().orElse(0);
        int p99 = hops[(int) Math.ceil(lookups * 0.99) - 1];
        // stored copies
        int keys = 500;
        List<NodeId> rids = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < keys; i++) {
            ChordNode w = ring.nodes.get(r.nextInt(ring.nodes.size()));
            NodeId rid = NodeId.random(r);
            if (w.store(rid, w.id().hex() + "+0000000000000001", new byte[48], 3600, now).message().code()
                    == Codes.STORE_ANS) {
                rids.add(rid);
            }
        }
        double copies = rids.stream().mapToLong(rid -> ring.nodes.stream().filter(x -> !x.raw(rid).isEmpty()).count())
                .average().orElse(0);
        // churn: 10 % crash, 10 % join
        int churn = n / 10;
        for (int i = 0; i < churn; i++) {
            ring.kill(ring.nodes.get(1 + r.nextInt(ring.nodes.size() - 1)));
        }
        for (int i = 0; i < churn; i++) {
            ring.add();
        }
        double ok0 = fetchSuccess(ring, rids, r);
        ring.stabilizeAll(1);
        double ok1 = fetchSuccess(ring, rids, r);
        ring.stabilizeAll(1);
        double ok2 = fetchSuccess(ring, rids, r);
        System.out.printf("%7d %8.1f %9.2f %8.2f %7d %8.1f%% %8.2f %8.1f%% %9.1f%% %9.1f%% %10d%n", n, build,
                Math.log(n) / Math.log(2), mean, p99, 100.0 * correct / lookups, copies, ok0, ok1, ok2,
                ring.network.messages() / n);
        String k = "RESULT ring.n" + n + ".";
        RESULTS.add(String.format(java.util.Locale.ROOT, "%shops_mean=%.2f", k, mean));
        RESULTS.add(k + "hops_p99=" + p99);
        RESULTS.add(String.format(java.util.Locale.ROOT, "%slog2n=%.2f", k, Math.log(n) / Math.log(2)));
        RESULTS.add(String.format(java.util.Locale.ROOT, "%scorrect_pct=%.1f", k, 100.0 * correct / lookups));
        RESULTS.add(String.format(java.util.Locale.ROOT, "%scopies_per_key=%.2f", k, copies));
        RESULTS.add(String.format(java.util.Locale.ROOT, "%sfetch_ok_after_churn_pct=%.1f/%.1f/%.1f", k, ok0, ok1,
                ok2));
    }

    private static double fetchSuccess(SimRing ring, List<NodeId> rids, Random r) {
        int ok = 0;
        for (NodeId rid : rids) {
            ChordNode from = ring.nodes.get(r.nextInt(ring.nodes.size()));
            ChordNode.Answer a = from.fetch(rid);
            if (!a.error() && !Bodies.FetchAns.decode(a.message().body()).values().isEmpty()) {
                ok++;
            }
        }
        return 100.0 * ok / rids.size();
    }

    private static NodeId successor(TreeMap<NodeId, ChordNode> truth, NodeId target) {
        NodeId k = truth.ceilingKey(target);
        return k != null ? k : truth.firstKey();
    }
}
