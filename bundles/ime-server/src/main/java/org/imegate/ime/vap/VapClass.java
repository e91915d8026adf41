package org.imegate.ime.vap;

/** VAP message classes (C1 C0): request, indication, success response, error response. */
public enum VapClass {
    REQUEST, INDICATION, SUCCESS, ERROR;

    public int bits() {
        return ordinal();
    }
}
