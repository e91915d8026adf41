package org.imegate.media.shell;

import org.imegate.media.MediaAdmin;

/** Test access to the show-media-sessions rendering. */
public final class ShowMediaSessionsAccess {
    private ShowMediaSessionsAccess() {
    }

    public static String render(MediaAdmin media) {
        return org.imegate.media.MediaSessionsText.render(media.stats(), java.util.List.copyOf(media.openSessions()), true);
    }
}
