package org.imegate.tls.shell;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.karaf.shell.api.console.Session;
import org.imegate.api.validation.Validate;

/** Terminal input of the crypto commands: pasted PEM/base64 blocks, masked passphrases, files. */
final class Terminal {
    /** Largest block or file accepted (a certificate chain or PKCS#12 file is far smaller). */
    static final int MAX_BYTES = 1 << 20;
    private static final int MAX_LINES = 20_000;

    private Terminal() {
    }

    /**
     * Reads lines pasted by the operator until a line {@code quit} (as on the ASA) or the end of
     * input, after printing {@code intro}.
     */
    static String readBlock(Session session, PrintStream out, String intro) throws IOException {
        out.println(intro);
        out.println("End with the word \"quit\" on a line by itself");
        StringBuilder block = new StringBuilder();
        for (int n = 0; n < MAX_LINES; n++) {
            String line = line(session, "", null);
            if (line == null || line.trim().equals("quit")) {
                break;
            }
            block.append(line).append('\n');
            if (block.length() > MAX_BYTES) {
                throw Validate.fail("input", block.length() + " bytes", "is larger than " + MAX_BYTES + " bytes");
            }
        }
        return block.toString();
    }

    /** Reads a passphrase without echo; never returned as a String. */
    static char[] readSecret(Session session, String prompt) throws IOException {
        String line = line(session, prompt, '*');
        if (line == null) {
            throw Validate.fail("passphrase", "", "was not entered");
        }
        return line.toCharArray();
    }

    /** A line typed at the terminal; a batch session (bin/client -b) has none to read from. */
    private static String line(Session session, String prompt, Character mask) throws IOException {
        try {
            return session.readLine(prompt, mask);
        } catch (UnsupportedOperationException e) {
            throw Validate.fail("input", "terminal", "cannot be read in a batch session: use --file <path>,"
                    + " or an interactive console (bin/karaf, bin/client, ssh) for passphrases");
        }
    }

    /** A file named by the operator, relative to the Karaf base directory unless absolute. */
    static Path path(String name) {
        Path p = Paths.get(name);
        return p.isAbsolute() ? p : Paths.get(System.getProperty("karaf.base", ".")).resolve(p);
    }

    static byte[] readFile(String name) throws IOException {
        Path p = path(name);
        if (!Files.isRegularFile(p)) {
            throw Validate.fail("file", name, "is not a readable file");
        }
        if (Files.size(p) > MAX_BYTES) {
            throw Validate.fail("file", name, "is larger than " + MAX_BYTES + " bytes");
        }
        return Files.readAllBytes(p);
    }
}
