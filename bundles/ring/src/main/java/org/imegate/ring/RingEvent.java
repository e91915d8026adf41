package org.imegate.ring;

/** Something an operator should hear about (the component turns these into alerts). */
public record RingEvent(Type type, String text) {
    public enum Type { BANNED, MESSAGE_OF_THE_DAY, SOFTWARE_UPDATE_REQUIRED, CONFIGURATION }
}
