package org.imegate.media.shell;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.api.media.MediaTerminationConfig;
import org.imegate.api.validation.Validate;
import org.imegate.media.MediaAdmin;
import org.imegate.media.TerminationConfigs;

/** {@code show running-config media-termination [name]}, with a note on instances SIP cannot use yet. */
@Service
@Command(scope = "media-termination", name = "show-media-termination",
        description = "Shows the media-termination instances as configuration lines")
public class ShowMediaTermination implements Action {

    @Reference
    MediaAdmin media;

    @Argument(index = 0, name = "name", required = false, description = "instance name")
    @Completion(Completers.InstanceNames.class)
    String name;

    @Override
    public Object execute() {
        List<MediaTerminationConfig> list = name == null ? media.instances()
                : List.of(media.instance(name).orElseThrow(() -> Validate.unknown("media-termination", name)));
        StringBuilder out = new StringBuilder();
        for (MediaTerminationConfig c : list) {
            out.append(TerminationConfigs.runningConfig(c));
            if (!TerminationConfigs.usable(c)) {
                out.append("! incomplete: needs a global address or addresses on the inside and outside interfaces\n");
            }
        }
        System.out.print(out);
        return null;
    }
}
