package org.imegate.tls;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code openssl} binary with bounded waits; a missing binary fails the test. */
final class Openssl {
    static final Path BINARY = Path.of("/usr/bin/openssl");
    private static final long TIMEOUT_SECONDS = 60;

    /** Exit code and combined stdout/stderr of one run. */
    record Result(int exit, String output) {
        Result ok() {
            assertTrue(exit == 0, () -> "openssl exited " + exit + ":\n" + output);
            return this;
        }
    }

    private final Path workDir;

    Openssl(Path workDir) {
        assertTrue(Files.isExecutable(BINARY), "openssl is required at " + BINARY + " for these tests");
        this.workDir = workDir;
    }

    /** Runs {@code openssl args...} in the work directory with stdin at end of file. */
    Result run(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(BINARY.toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "openssl", ".out");
        Process process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                fail("openssl " + String.join(" ", args) + " did not finish within " + TIMEOUT_SECONDS + "s:\n"
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
