package org.imegate.media.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.media.MediaAdmin;

/** {@code no media-termination <name>}: refused while the instance has open sessions or a proxy uses it. */
@Service
@Command(scope = "media-termination", name = "no-media-termination", description = "Removes a media-termination instance")
public class NoMediaTermination implements Action {

    @Reference
    MediaAdmin media;

    @Argument(index = 0, name = "name", required = true, description = "instance name")
    @Completion(Completers.InstanceNames.class)
    String name;

    @Override
    public Object execute() {
        media.remove(name);
        return null;
    }
}
