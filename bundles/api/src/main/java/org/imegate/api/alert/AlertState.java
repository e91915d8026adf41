package org.imegate.api.alert;

/** An alert is raised when its condition enters and cleared when it leaves. */
public enum AlertState {
    RAISED, CLEARED
}
