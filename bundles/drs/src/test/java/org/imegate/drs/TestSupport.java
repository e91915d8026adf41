package org.imegate.drs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.imegate.api.alert.Alert;
import org.imegate.api.alert.AlertPoster;
import org.imegate.api.drs.DrsBackupWriter;
import org.imegate.api.drs.DrsComponent;
import org.imegate.api.drs.DrsEntry;
import org.imegate.api.drs.DrsRestoreReader;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** Fakes the tests share: a clock the test moves, an EventAdmin that records alerts, simple components. */
final class TestSupport {

    private TestSupport() {
    }

    /** A clock that stands still until the test moves it. */
    static final class MovableClock extends Clock {
        private final AtomicReference<Instant> now;
        private final ZoneId zone;

        MovableClock(Instant start, ZoneId zone) {
            this.now = new AtomicReference<>(start);
            this.zone = zone;
        }

        void set(Instant t) {
            now.set(t);
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId z) {
            return new MovableClock(now.get(), z);
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    /** Records every alert posted. */
    static final class Recorder implements EventAdmin {
        final List<Alert> alerts = new CopyOnWriteArrayList<>();

        @Override
        public void postEvent(Event event) {
            sendEvent(event);
        }

        @Override
        public void sendEvent(Event event) {
            java.util.Map<String, Object> p = new java.util.HashMap<>();
            for (String k : event.getPropertyNames()) {
                p.put(k, event.getProperty(k));
            }
            alerts.add(Alert.fromEventProperties(p));
        }

        List<String> names() {
            return alerts.stream().map(a -> a.name() + ":" + a.state()).toList();
        }

        boolean raised(String name) {
            return alerts.stream().anyMatch(a -> a.name().equals(name)
                    && a.state() == org.imegate.api.alert.AlertState.RAISED);
        }

        Alarms alarms(org.slf4j.Logger trace) {
            AlertPoster poster = new AlertPoster();
            poster.bind(this);
            return new Alarms(poster, trace);
        }
    }

    /** A component holding files in a directory, restored into it (replacing its content). */
    static class DirectoryComponent implements DrsComponent {
        final String name;
        final Path dir;
        volatile Runnable beforeBackup = () -> { };

        DirectoryComponent(String name, Path dir) {
            this.name = name;
            this.dir = dir;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String description() {
            return "test component " + name;
        }

        @Override
        public void backup(DrsBackupWriter out) throws IOException {
            beforeBackup.run();
            try (var files = Files.list(dir)) {
                for (Path p : files.sorted().toList()) {
                    out.addFile(p.getFileName().toString(), p);
                }
            }
        }

        @Override
        public void restore(DrsRestoreReader in) throws IOException {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            for (DrsEntry e = in.next(); e != null; e = in.next()) {
                try (OutputStream o = Files.newOutputStream(dir.resolve(e.path()))) {
                    e.content().transferTo(o);
                }
            }
        }

        @Override
        public Set<String> storePaths() {
            return Set.of();
        }
    }

    static void write(Path p, String text) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    /** A listener that records and never cancels. */
    static final class Listener implements JobListener {
        final List<String> events = new CopyOnWriteArrayList<>();
        volatile boolean cancel;

        @Override
        public void started(String component, JobStatus.Phase phase) {
            events.add(component + " " + phase + " started");
        }

        @Override
        public void progress(String component, int percent) {
        }

        @Override
        public void finished(String component, JobStatus.Phase phase, String error) {
            events.add(component + " " + phase + (error == null ? " ok" : " error " + error));
        }

        @Override
        public void log(String line) {
        }

        @Override
        public boolean cancelRequested() {
            return cancel;
        }
    }
}
