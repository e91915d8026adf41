package org.imegate.media.shell;

import java.util.Comparator;
import org.imegate.media.MediaAdmin;
import org.imegate.media.RelaySession;

/** Test access to the show-media-sessions rendering. */
public final class ShowMediaSessionsAccess {
    private ShowMediaSessionsAccess() {
    }

    public static String render(MediaAdmin media) {
        return ShowMediaSessions.render(media.stats(),
                media.openSessions().stream().sorted(Comparator.comparing(RelaySession::id)).toList());
    }
}
