package org.imegate.ring.msg;

import java.util.ArrayList;
import java.util.List;
import org.imegate.ring.NodeId;

/**
 * The message bodies of the subset (RFC 6940 §6.4, §6.5, §10.7), each with its encoder and decoder.
 * Where a body carries peer addresses ({@link NodeInfo}) the ring departs from the RFC, which
 * learns addresses through Attach/ICE: see docs/ring.md.
 */
public final class Bodies {

    private Bodies() {
    }

    /** A peer and the host:port its overlay link listens on. */
    public record NodeInfo(NodeId id, String address) {
        void write(Wire.Out o) {
            o.raw(id.bytes()).string16(address);
        }

        static NodeInfo read(Wire.In in) {
            return new NodeInfo(NodeId.of(in.raw(16)), in.string16());
        }
    }

    static void writeNodes(Wire.Out o, List<NodeInfo> nodes) {
        o.vector16(v -> nodes.forEach(n -> n.write(v)));
    }

    static List<NodeInfo> readNodes(Wire.In in) {
        Wire.In v = in.vector16();
        List<NodeInfo> out = new ArrayList<>();
        while (v.hasMore()) {
            out.add(NodeInfo.read(v));
        }
        return out;
    }

    /** JoinReq: the joining node (RFC 6940 §6.4.2.2 carries its Node-ID; here with its address). */
    public record JoinReq(NodeInfo joining) {
        public byte[] encode() {
            Wire.Out o = new Wire.Out();
            joining.write(o);
            return o.opaque16(new byte[0]).bytes();
        }

        public static JoinReq decode(byte[] b) {
            Wire.In in = new Wire.In(b);
            JoinReq r = new JoinReq(NodeInfo.read(in));
            in.opaque16();
            in.end();
            return r;
        }
    }

    /**
     * JoinAns: the admitting peer's neighbour table (predecessors, itself first among the successors)
     * and the signed overlay configuration it holds (empty when it has none).
     */
    public record JoinAns(List<NodeInfo> predecessors, List<NodeInfo> successors, byte[] configuration) {
        public byte[] encode() {
            Wire.Out o = new Wire.Out();
            writeNodes(o, predecessors);
            writeNodes(o, successors);
            return o.opaque32(configuration).bytes();
        }

        public static JoinAns decode(byte[] b) {
            Wire.In in = new Wire.In(b);
            JoinAns r = new JoinAns(readNodes(in), readNodes(in), in.opaque32());
            in.end();
            return r;
        }
    }

    /**
     * UpdateReq and UpdateAns of CHORD-RELOAD (RFC 6940 §10.7.4, type full): uptime, the sender's
     * predecessors and successors; here both directions carry the table and the signed configuration.
     */
    public record Update(NodeInfo sender, long uptimeSeconds, List<NodeInfo> predecessors,
            List<NodeInfo> successors, byte[] configuration) {
        public byte[] encode() {
            Wire.Out o = new Wire.Out();
            sender.write(o);
            o.u32(uptimeSeconds).u8(3);
            writeNodes(o, predecessors);
            writeNodes(o, successors);
            return o.opaque32(configuration).bytes();
        }

        public static Update decode(byte[] b) {
            Wire.In in = new Wire.In(b);
            NodeInfo s = NodeInfo.read(in);
            long up = in.u32();
            in.u8();
            Update r = new Update(s, up, readNodes(in), readNodes(in), in.opaque32());
            in.end();
            return r;
        }
    }

    /** LeaveReq (RFC 6940 §6.4.2.3): the leaving node and its neighbour table, so neighbours can repair. */
    public record LeaveReq(NodeInfo leaving, List<NodeInfo> predecessors, List<NodeInfo> successors) {
        public byte[] encode() {
            Wire.Out o = new Wire.Out();
            leaving.write(o);
            writeNodes(o, predecessors);
            writeNodes(o, successors);
            return o.bytes();
        }

        public static LeaveReq decode(byte[] b) {
            Wire.In in = new Wire.In(b);
            LeaveReq r = new LeaveReq(NodeInfo.read(in), readNodes(in), readNodes(in));
            in.end();
            return r;
        }
    }

    /** PingAns (RFC 6940 §6.5.3.2): response id and time; here also the responder and its configuration sequence. */
    public record PingAns(long responseId, long time, NodeInfo responder, long configurationSequence,
            boolean bootstrap) {
        public byte[] encode() {
            Wire.Out o = new Wire.Out().u64(responseId).u64(time);
            responder.write(o);
            return o.u64(configurationSequence).u8(bootstrap ? 1 : 0).bytes();
        }

        public static PingAns decode(byte[] b) {
            Wire.In in = new Wire.In(b);
            PingAns r = new PingAns(in.u64(), in.u64(), NodeInfo.read(in), in.u64(), in.u8() == 1);
            in.end();
            return r;
        }
    }

    /**
     * StoreReq (RFC 6940 §6.4.1.1) with one StoreKindData of the IME dictionary kind: Resource-ID,
     * replica number (0 = the writer's store to the responsible peer, 1.. = copies between peers),
     * Kind-ID, generation counter and the entries.
     */
    public record StoreReq(NodeId resourceId, int replicaNumber, int kind, long generation, List<StoredData> values) {
        public byte[] encode() {
            Wire.Out o = new Wire.Out().opaque8(resourceId.bytes()).u8(replicaNumber);
            o.vector32(k -> {
                k.u32(kind & 0xffffffffL).u64(generation);
                k.vector32(v -> values.forEach(d -> d.write(v)));
            });
            return o.bytes();
        }

        public static StoreReq decode(byte[] b) {
            Wire.In in = new Wire.In(b);
            byte[] rid = in.opaque8();
            if (rid.length != 16) {
                throw new MalformedMessageException("Resource-ID of " + rid.length + " bytes");
            }
            int replica = in.u8();
            Wire.In k = in.vector32();
            int kind = (int) k.u32();
            long gen = k.u64();
            Wire.In v = k.vector32();
            List<StoredData> values = new ArrayList<>();
            while (v.hasMore()) {
                values.add(StoredData.read(v));
            }
            in.end();
            return new StoreReq(NodeId.of(rid), replica, kind, gen, values);
        }
    }

    /** StoreAns (RFC 6940 §6.4.1.2): per kind the generation and the replicas that hold a copy. */
    public record StoreAns(int kind, long generation, List<NodeId> replicas) {
        public byte[] encode() {
            Wire.Out o = new Wire.Out();
            o.vector16(k -> {
                k.u32(kind & 0xffffffffL).u64(generation);
                k.vector16(r -> replicas.forEach(n -> r.raw(n.bytes())));
            });
            return o.bytes();
        }

        public static StoreAns decode(byte[] b) {
            Wire.In in = new Wire.In(b);
            Wire.In k = in.vector16();
            int kind = (int) k.u32();
            long gen = k.u64();
            Wire.In r = k.vector16();
            List<NodeId> reps = new ArrayList<>();
            while (r.hasMore()) {
                reps.add(NodeId.of(r.raw(16)));
            }
            in.end();
            return new StoreAns(kind, gen, reps);
        }
    }

    /** FetchReq and StatReq (RFC 6940 §6.4.2.1, §6.4.3.1): Resource-ID and one kind, all keys of the dictionary. */
    public record FetchReq(NodeId resourceId, int kind) {
        public byte[] encode() {
            return new Wire.Out().opaque8(resourceId.bytes()).vector16(s -> s.u32(kind & 0xffffffffL).u64(0).u16(0))
                    .bytes();
        }

        public static FetchReq decode(byte[] b) {
            Wire.In in = new Wire.In(b);
            byte[] rid = in.opaque8();
            if (rid.length != 16) {
                throw new MalformedMessageException("Resource-ID of " + rid.length + " bytes");
            }
            Wire.In s = in.vector16();
            int kind = (int) s.u32();
            in.end();
            return new FetchReq(NodeId.of(rid), kind);
        }
    }

    /** FetchAns (RFC 6940 §6.4.2.2): the kind, its generation and the stored entries. */
    public record FetchAns(int kind, long generation, List<StoredData> values) {
        public byte[] encode() {
            return new Wire.Out().vector32(k -> {
                k.u32(kind & 0xffffffffL).u64(generation);
                k.vector32(v -> values.forEach(d -> d.write(v)));
            }).bytes();
        }

        public static FetchAns decode(byte[] b) {
            Wire.In in = new Wire.In(b);
            Wire.In k = in.vector32();
            int kind = (int) k.u32();
            long gen = k.u64();
            Wire.In v = k.vector32();
            List<StoredData> values = new ArrayList<>();
            while (v.hasMore()) {
                values.add(StoredData.read(v));
            }
            in.end();
            return new FetchAns(kind, gen, values);
        }
    }

    /** StatAns (RFC 6940 §6.4.3.2), reduced to the entry count and bytes of the kind at the Resource-ID. */
    public record StatAns(int kind, int entries, long bytes) {
        public byte[] encode() {
            return new Wire.Out().u32(kind & 0xffffffffL).u32(entries).u64(bytes).bytes();
        }

        public static StatAns decode(byte[] b) {
            Wire.In in = new Wire.In(b);
            StatAns r = new StatAns((int) in.u32(), (int) in.u32(), in.u64());
            in.end();
            return r;
        }
    }

    /** ConfigUpdateReq (RFC 6940 §6.5.4.1) of type config: one signed overlay configuration document. */
    public record ConfigUpdateReq(byte[] configuration) {
        public byte[] encode() {
            return new Wire.Out().u8(1).opaque32(configuration).bytes();
        }

        public static ConfigUpdateReq decode(byte[] b) {
            Wire.In in = new Wire.In(b);
            in.u8();
            ConfigUpdateReq r = new ConfigUpdateReq(in.opaque32());
            in.end();
            return r;
        }
    }

    /** ErrorResponse (RFC 6940 §6.3.3.1): error code and info. */
    public record ErrorAns(int code, String info) {
        public byte[] encode() {
            return new Wire.Out().u16(code).string16(info).bytes();
        }

        public static ErrorAns decode(byte[] b) {
            Wire.In in = new Wire.In(b);
            ErrorAns r = new ErrorAns(in.u16(), in.string16());
            in.end();
            return r;
        }
    }
}
