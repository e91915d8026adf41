package org.imegate.drs.shell;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.imegate.drs.Device;
import org.imegate.drs.MasterAgent;

/** Completers of the drs scope. */
final class Completers {

    private Completers() {
    }

    static int complete(Session session, CommandLine line, List<String> candidates, List<String> values) {
        return new StringsCompleter(values).complete(session, line, candidates);
    }

    /** Names of the devices. */
    @Service
    public static class DeviceNames implements Completer {
        @Reference
        MasterAgent ma;

        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            return Completers.complete(session, line, candidates, ma.devices().stream().map(Device::name).toList());
        }
    }

    /** Names of the schedules. */
    @Service
    public static class ScheduleNames implements Completer {
        @Reference
        MasterAgent ma;

        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            return Completers.complete(session, line, candidates,
                    ma.schedules().stream().map(v -> v.schedule().name()).toList());
        }
    }

    /** {@code local} or {@code network}. */
    @Service
    public static class Types implements Completer {
        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            return Completers.complete(session, line, candidates, List.of("local", "network"));
        }
    }

    /** The feature list: {@code IME}. */
    @Service
    public static class Features implements Completer {
        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            return Completers.complete(session, line, candidates, List.of("IME"));
        }
    }

    /** {@code once}, {@code daily}, {@code weekly}, {@code monthly}. */
    @Service
    public static class Frequencies implements Completer {
        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            return Completers.complete(session, line, candidates, List.of("once", "daily", "weekly", "monthly"));
        }
    }

    /** {@code backup} or {@code restore}. */
    @Service
    public static class Operations implements Completer {
        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            return Completers.complete(session, line, candidates, List.of("backup", "restore"));
        }
    }

    /** {@code yes}. */
    @Service
    public static class Yes implements Completer {
        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            return Completers.complete(session, line, candidates, List.of("yes"));
        }
    }

    /** This appliance's host name, the restore server. */
    @Service
    public static class Server implements Completer {
        @Reference
        MasterAgent ma;

        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            return Completers.complete(session, line, candidates, List.of(ma.serverName()));
        }
    }
}
