package org.imegate.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The admin's console over OpenSSH with a terminal ({@code ssh -tt}), driven as an operator types: a line is
 * sent only once the console shows what comes before it (the prompt, or a password question), so that nothing
 * is typed ahead into a terminal that would echo it. Every wait is bounded; {@link #close()} logs out and stops
 * the ssh client by its pid.
 * <pre>
 * try (PromptedConsole c = PromptedConsole.open(appliance)) {
 *     c.command("drs:security-password");
 *     c.answer("Security password: ", secret);
 *     c.answer("Re-enter security password: ", secret);
 *     String out = c.awaitPrompt();
 * }
 * </pre>
 */
public final class PromptedConsole implements AutoCloseable {
    /** The end of Karaf's prompt, {@code <user>@<instance>()> }. */
    public static final String PROMPT = "()> ";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Process ssh;
    private final OutputStream in;
    private final StringBuilder screen = new StringBuilder();
    private final Thread reader;
    private int mark;

    private PromptedConsole(Process ssh) {
        this.ssh = ssh;
        this.in = ssh.getOutputStream();
        this.reader = new Thread(this::read, "console-" + ssh.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Logs in as the harness's admin with its ssh key and waits for the first prompt. */
    public static PromptedConsole open(ApplianceProcess appliance) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of("ssh", "-tt", "-i", appliance.path("it-ssh-key").toString(), "-p",
                Integer.toString(appliance.sshPort()), "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                ApplianceProcess.ADMIN + "@" + ApplianceProcess.LOOPBACK)).redirectErrorStream(true).start();
        PromptedConsole c = new PromptedConsole(p);
        try {
            c.await(PROMPT);
        } catch (AssertionError | InterruptedException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void read() {
        byte[] buf = new byte[4096];
        try (InputStream out = ssh.getInputStream()) {
            for (int n = out.read(buf); n >= 0; n = out.read(buf)) {
                String text = new String(buf, 0, n, StandardCharsets.UTF_8)
                        .replaceAll("\u001B\\[[0-9;?]*[ -/]*[@-~]", "").replaceAll("\u001B[=>]", "").replace("\r", "");
                synchronized (screen) {
                    screen.append(text);
                    screen.notifyAll();
                }
            }
        } catch (IOException e) {
            // the session ended
        }
        synchronized (screen) {
            screen.notifyAll();
        }
    }

    /** Waits until {@code text} appears after what was already consumed; returns the output up to its end. */
    public String await(String text) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (screen) {
            while (true) {
                int at = screen.indexOf(text, mark);
                if (at >= 0) {
                    String out = screen.substring(mark, at + text.length());
                    mark = at + text.length();
                    return out;
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || !ssh.isAlive() && !reader.isAlive()) {
                    throw new AssertionError("the console did not show '" + text + "' within " + WAIT + ":\n"
                            + screen.substring(mark));
                }
                screen.wait(Math.min(left, 500));
            }
        }
    }

    /** Types {@code line} and Enter. */
    public void type(String line) throws IOException {
        in.write((line + "\r").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Types a command at the prompt (the previous command must have ended). */
    public void command(String line) throws IOException {
        type(line);
    }

    /** Waits for {@code question}, then types {@code answer}. */
    public void answer(String question, String answer) throws IOException, InterruptedException {
        await(question);
        type(answer);
    }

    /** Waits for the next prompt; returns what the console showed since the last wait. */
    public String awaitPrompt() throws InterruptedException {
        return await(PROMPT);
    }

    /** Everything the console showed. */
    public String screen() {
        synchronized (screen) {
            return screen.toString();
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            type("logout");
        } catch (IOException e) {
            // already gone
        }
        if (!ssh.waitFor(10, TimeUnit.SECONDS)) {
            ssh.destroyForcibly();
            ssh.waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
    }
}
