package org.imegate.ring.msg;

import org.imegate.ring.NodeId;

/**
 * One entry of a via or destination list (RFC 6940 §6.3.2.2): a Node-ID (type 1) or a Resource-ID
 * (type 2, opaque&lt;0..2^8-1&gt;, always 16 bytes in this overlay). Compressed ids (type 3) are not used.
 */
public record Destination(int type, NodeId id) {
    public static final int NODE = 1;
    public static final int RESOURCE = 2;

    public static Destination node(NodeId id) {
        return new Destination(NODE, id);
    }

    public static Destination resource(NodeId id) {
        return new Destination(RESOURCE, id);
    }

    void write(Wire.Out o) {
        if (type == NODE) {
            o.u8(NODE).u8(16).raw(id.bytes());
        } else {
            o.u8(RESOURCE).u8(17).opaque8(id.bytes());
        }
    }

    static Destination read(Wire.In in) {
        int t = in.u8();
        int len = in.u8();
        Wire.In v = new Wire.In(in.raw(len));
        if (t == NODE) {
            return node(NodeId.of(v.raw(16)));
        }
        if (t == RESOURCE) {
            byte[] r = v.opaque8();
            if (r.length != 16) {
                throw new MalformedMessageException("Resource-ID of " + r.length + " bytes");
            }
            return resource(NodeId.of(r));
        }
        throw new MalformedMessageException("destination type " + t + " not supported");
    }
}
