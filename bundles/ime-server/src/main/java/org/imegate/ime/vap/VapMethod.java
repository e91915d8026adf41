package org.imegate.ime.vap;

/** VAP methods (draft-jennings-vipr-vap-02 Figure 4). */
public enum VapMethod {
    REGISTER(0x001), UNREGISTER(0x002), PUBLISH(0x004), UNPUBLISH(0x005), PUBLISH_REVOKE(0x006),
    SUBSCRIBE(0x007), UNSUBSCRIBE(0x008), NOTIFY(0x00a), UPLOAD_VCR(0x00b);

    private final int code;

    VapMethod(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The method of a 12-bit code, or null when unknown. */
    public static VapMethod ofCode(int code) {
        for (VapMethod m : values()) {
            if (m.code == code) {
                return m;
            }
        }
        return null;
    }
}
