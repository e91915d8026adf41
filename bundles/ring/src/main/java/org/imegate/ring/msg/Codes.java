package org.imegate.ring.msg;

/** RELOAD message codes (RFC 6940 §14.8) and error codes (§14.9) of the subset the ring speaks. */
public final class Codes {
    public static final int STORE_REQ = 7;
    public static final int STORE_ANS = 8;
    public static final int FETCH_REQ = 9;
    public static final int FETCH_ANS = 10;
    public static final int JOIN_REQ = 15;
    public static final int JOIN_ANS = 16;
    public static final int LEAVE_REQ = 17;
    public static final int LEAVE_ANS = 18;
    public static final int UPDATE_REQ = 19;
    public static final int UPDATE_ANS = 20;
    public static final int PING_REQ = 23;
    public static final int PING_ANS = 24;
    public static final int STAT_REQ = 25;
    public static final int STAT_ANS = 26;
    public static final int CONFIG_UPDATE_REQ = 33;
    public static final int CONFIG_UPDATE_ANS = 34;
    public static final int ERROR = 0xffff;

    public static final int ERROR_FORBIDDEN = 2;
    public static final int ERROR_NOT_FOUND = 3;
    public static final int ERROR_REQUEST_TIMEOUT = 4;
    public static final int ERROR_GENERATION_COUNTER_TOO_LOW = 5;
    public static final int ERROR_INCOMPATIBLE_WITH_OVERLAY = 6;
    public static final int ERROR_DATA_TOO_LARGE = 8;
    public static final int ERROR_TTL_EXCEEDED = 10;
    public static final int ERROR_UNKNOWN_KIND = 12;
    public static final int ERROR_CONFIG_TOO_OLD = 15;
    /** Error_Exp_A, used by the ring for "rate limit exceeded". */
    public static final int ERROR_RATE_LIMITED = 18;
    /** Error_Exp_B, used by the ring for "storage quota exceeded". */
    public static final int ERROR_QUOTA_EXCEEDED = 19;
    public static final int ERROR_INVALID_MESSAGE = 20;

    /** The Kind-ID of the IME dictionary kind (a private-use value, RFC 6940 §14.6: 0xf0000000-0xfffffffe). */
    public static final int KIND_IME_DICTIONARY = 0xf0000001;
    /** Data model DICTIONARY (RFC 6940 §14.2). */
    public static final int DATA_MODEL_DICTIONARY = 3;

    private Codes() {
    }

    public static boolean isRequest(int code) {
        return code != ERROR && (code & 1) == 1;
    }

    public static String name(int code) {
        return switch (code) {
            case STORE_REQ -> "StoreReq";
            case STORE_ANS -> "StoreAns";
            case FETCH_REQ -> "FetchReq";
            case FETCH_ANS -> "FetchAns";
            case JOIN_REQ -> "JoinReq";
            case JOIN_ANS -> "JoinAns";
            case LEAVE_REQ -> "LeaveReq";
            case LEAVE_ANS -> "LeaveAns";
            case UPDATE_REQ -> "UpdateReq";
            case UPDATE_ANS -> "UpdateAns";
            case PING_REQ -> "PingReq";
            case PING_ANS -> "PingAns";
            case STAT_REQ -> "StatReq";
            case STAT_ANS -> "StatAns";
            case CONFIG_UPDATE_REQ -> "ConfigUpdateReq";
            case CONFIG_UPDATE_ANS -> "ConfigUpdateAns";
            case ERROR -> "Error";
            default -> "code " + code;
        };
    }
}
