package org.imegate.ime.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.imegate.api.ime.ImeServer;

/** {@code show ime peerid} (IME-72). */
@Service
@Command(scope = "ime", name = "show-peerid", description = "Shows this IME server's peer ID in the distributed cache")
public class ShowPeerId implements Action {
    @Reference
    ImeServer ime;

    @Override
    public Object execute() {
        System.out.println("Peer ID = " + ime.peerId());
        return null;
    }
}
