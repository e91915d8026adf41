package org.imegate.api.ime;

/** VAP CallDirection (draft-jennings-vipr-vap-02 §10.3.14): 0 = a received call, 1 = a sent call. */
public enum CallDirection {
    /** A call received from the PSTN: a terminating VCR, kept to answer validations. */
    RECEIVED(0),
    /** A call sent to the PSTN: an originating VCR, which drives a validation. */
    SENT(1);

    private final int code;

    CallDirection(int code) {
        this.code = code;
    }

    /** The attribute value on the wire. */
    public int code() {
        return code;
    }

    /** The direction of an attribute value, or null for a reserved value. */
    public static CallDirection ofCode(long code) {
        for (CallDirection d : values()) {
            if (d.code == code) {
                return d;
            }
        }
        return null;
    }
}
