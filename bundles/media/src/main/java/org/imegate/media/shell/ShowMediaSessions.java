package org.imegate.media.shell;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.imegate.api.validation.Validate;
import org.imegate.media.MediaAdmin;
import org.imegate.media.MediaSessionsText;

/**
 * {@code show uc-ime media-sessions [detail]}: the open media sessions, each with its Internet leg and its
 * inside leg; with {@code detail}, the seed's per-leg block with packet counters and the RTP monitor's metrics
 * (catalogue §3.3, §4.5). Blank when no session is open.
 */
@Service
@Command(scope = "uc-ime", name = "show-media-sessions",
        description = "Shows the media sessions of the calls crossing the UC-IME proxy, with 'detail' their counters and RTP metrics")
public class ShowMediaSessions implements Action {

    @Argument(index = 0, name = "detail", description = "detail: counters, SRTP and RTP monitoring per session")
    @Completion(value = StringsCompleter.class, values = {"detail"})
    String detail;

    @Reference
    MediaAdmin media;

    @Override
    public Object execute() {
        if (detail != null && !detail.equals("detail")) {
            throw Validate.fail("argument", detail, "must be detail or nothing");
        }
        System.out.print(MediaSessionsText.render(media.stats(), List.copyOf(media.openSessions()), detail != null));
        return null;
    }
}
