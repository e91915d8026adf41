package org.imegate.ime.vap;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * The ServiceIdentity attribute (§10.3.10): ServiceID, SubserviceID (16 bits each), VServiceID and
 * Instance (64 bits each).
 */
public record ServiceIdentity(int serviceId, int subserviceId, long vserviceId, long instance) {

    public static final int LENGTH = 20;

    public byte[] encode() {
        return ByteBuffer.allocate(LENGTH).putShort((short) serviceId).putShort((short) subserviceId)
                .putLong(vserviceId).putLong(instance).array();
    }

    public static ServiceIdentity decode(VapMessage m) throws VapFormatException {
        byte[] v = m.attribute(VapAttr.SERVICE_IDENTITY).orElseThrow(() -> m.bad("ServiceIdentity is missing"));
        if (v.length != LENGTH) {
            throw m.bad("ServiceIdentity must be 20 bytes, is " + v.length);
        }
        ByteBuffer b = ByteBuffer.wrap(v);
        return new ServiceIdentity(b.getShort() & 0xffff, b.getShort() & 0xffff, b.getLong(), b.getLong());
    }

    /** Whether the ServiceID is one of VAP's (100 or 101). */
    public boolean vapService() {
        return serviceId == VapAttr.SERVICE_ID || serviceId == VapAttr.SERVICE_ID_ALT;
    }

    /** The VServiceID as the seed prints it (16 hex digits). */
    public static String hex(long vserviceId) {
        return HexFormat.of().toHexDigits(vserviceId);
    }
}
