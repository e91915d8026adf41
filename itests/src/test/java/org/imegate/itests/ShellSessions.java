package org.imegate.itests;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;

/** Console commands inside the Pax Exam container, run as an administrator, output and errors captured. */
final class ShellSessions {

    private ShellSessions() {
    }

    /** Runs {@code command} once in a new session as a user with the admin and viewer roles; returns its output. */
    static String runAsAdmin(SessionFactory sessions, String command) throws Exception {
        Subject admin = new Subject();
        admin.getPrincipals().add(new UserPrincipal("itest-admin"));
        admin.getPrincipals().add(new RolePrincipal("admin"));
        admin.getPrincipals().add(new RolePrincipal("viewer"));
        try {
            return Subject.doAs(admin, (PrivilegedExceptionAction<String>) () -> {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
                Session s = sessions.create(InputStream.nullInputStream(), out, out);
                try {
                    s.execute(command);
                } finally {
                    s.close();
                }
                return bytes.toString(StandardCharsets.UTF_8);
            });
        } catch (PrivilegedActionException e) {
            throw e.getException();
        }
    }
}
