package org.imegate.ime.vap;

/** VAP attribute types (draft-jennings-vipr-vap-02 §10.3) and the limits this server applies. */
public final class VapAttr {
    public static final int USERNAME = 0x0006;
    public static final int MESSAGE_INTEGRITY = 0x0008;
    public static final int ERROR_CODE = 0x0009;
    public static final int REALM = 0x0014;
    public static final int CLIENT_NAME = 0x1001;
    public static final int CLIENT_HANDLE = 0x1002;
    public static final int PROTOCOL_VERSION = 0x1003;
    public static final int CLIENT_LABEL = 0x1005;
    public static final int KEEPALIVE = 0x1006;
    public static final int SERVICE_IDENTITY = 0x1007;
    public static final int SERVICE_VERSION = 0x100b;
    public static final int SERVICE_CONTENT = 0x100c;
    public static final int SUBSCRIPTION_ID = 0x100e;
    public static final int CALL_DIRECTION = 0x2001;
    public static final int START_TIME = 0x2002;
    public static final int STOP_TIME = 0x2003;
    public static final int CALLING_NUM = 0x2004;
    public static final int CALLED_NUM = 0x2005;
    public static final int PEER_ID = 0x2008;
    public static final int QUOTA = 0x200a;
    public static final int DHT_LIFETIME = 0x200b;
    /** Project extension (comprehension-optional range): the validator address of a DHT value. */
    public static final int VALIDATOR_ADDRESS = 0x8001;

    /** The magic cookie "Affy". */
    public static final int MAGIC_COOKIE = 0x41666679;
    public static final int HEADER_LENGTH = 20;
    /** ServiceContent MUST be less than 32k (§10.3.12). */
    public static final int MAX_SERVICE_CONTENT = 32 * 1024 - 1;
    /** Client-Name and Client-Label: 1 to 254 (Client-Name "less than 255") characters. */
    public static final int MAX_CLIENT_NAME = 254;
    public static final int MAX_CLIENT_LABEL = 255;
    /** A USERNAME longer than this is refused (RFC 5389 limits it to 513 bytes). */
    public static final int MAX_USERNAME = 513;
    /** The only realm. */
    public static final String REALM_VALUE = "ViPR";
    /** ServiceID of VAP services (§10.3.10 says 101; other sections say 100: both are accepted). */
    public static final int SERVICE_ID = 101;
    public static final int SERVICE_ID_ALT = 100;
    public static final int SUBSERVICE_NUMBERS = 3;
    public static final int SUBSERVICE_VSERVICE = 4;
    /** Instance "all ones". */
    public static final long ALL_ONES = -1L;

    private VapAttr() {
    }
}
