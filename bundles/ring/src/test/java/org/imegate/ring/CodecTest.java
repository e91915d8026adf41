package org.imegate.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.imegate.ring.msg.Bodies;
import org.imegate.ring.msg.Codec;
import org.imegate.ring.msg.Codes;
import org.imegate.ring.msg.Destination;
import org.imegate.ring.msg.ForwardingHeader;
import org.imegate.ring.msg.MalformedMessageException;
import org.imegate.ring.msg.Message;
import org.imegate.ring.msg.SecurityBlock;
import org.imegate.ring.msg.StoredData;
import org.junit.jupiter.api.Test;

class CodecTest {

    @Test
    void aStoreRequestRoundTripsWithItsForwardingHeaderAndSecurityBlock() {
        NodeId a = NodeId.ofHex("514dd001c7553593ebefee2b076ad9d4");
        NodeId r = NodeId.ofHex("5619e12c7a647e1d3364c8a46c9e58f7");
        StoredData d = new StoredData(1234, 600, a.hex() + "+7eeb6a7036478351", new byte[] {1, 2, 3}, new byte[] {9},
                new byte[] {8, 8});
        byte[] body = new Bodies.StoreReq(r, 0, Codes.KIND_IME_DICTIONARY, 0, List.of(d)).encode();
        Message m = new Message(new ForwardingHeader(ChordNode.overlayHash("intercompanymedianetwork"), 7, 99, 42L, 0,
                List.of(Destination.node(a)), List.of(Destination.resource(r))), Codes.STORE_REQ, body,
                new SecurityBlock(List.of(new byte[] {5, 5}), 4, 1, new byte[32], new byte[] {6}));
        byte[] wire = Codec.encode(m);
        assertEquals(0xd2, wire[0] & 0xff);
        assertEquals('E', wire[1]);
        Message back = Codec.decode(wire);
        assertEquals(m.header(), back.header());
        assertEquals(Codes.STORE_REQ, back.code());
        Bodies.StoreReq s = Bodies.StoreReq.decode(back.body());
        assertEquals(r, s.resourceId());
        assertEquals(d.key(), s.values().get(0).key());
        assertArrayEquals(d.value(), s.values().get(0).value());
        assertArrayEquals(new byte[] {6}, back.security().signature());
        byte[] cut = java.util.Arrays.copyOf(wire, wire.length - 3);
        assertThrows(MalformedMessageException.class, () -> Codec.decode(cut));
    }

    @Test
    void ringArithmetic() {
        NodeId zero = new NodeId(0, 0);
        NodeId max = new NodeId(-1, -1);
        assertEquals(new NodeId(1, 0), new NodeId(0, -1).plusPowerOfTwo(0));
        assertEquals(new NodeId(0, 1), max.plusPowerOfTwo(0).plusPowerOfTwo(0));
        assertEquals(true, zero.inHalfOpen(max, new NodeId(0, 5)));
        assertEquals(false, new NodeId(0, 6).inHalfOpen(max, new NodeId(0, 5)));
        assertEquals(true, new NodeId(0, 5).inHalfOpen(max, new NodeId(0, 5)));
        assertEquals(false, new NodeId(0, 5).inOpen(max, new NodeId(0, 5)));
    }
}
