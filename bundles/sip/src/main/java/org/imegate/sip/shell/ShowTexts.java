package org.imegate.sip.shell;

import org.imegate.sip.inspect.UcImeService;

/** Show texts shared by the shell and JMX. */
public final class ShowTexts {
    private ShowTexts() {
    }

    /** {@code show uc-ime signaling-sessions}. */
    public static String signalingSessions(UcImeService service) {
        return ShowSignalingSessions.show(service);
    }
}
