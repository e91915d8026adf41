package org.imegate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A certification authority made with the openssl command, and the openssl tool runner of the tests. */
public final class OpensslCa {
    private final Path dir;

    /** Creates a CA named {@code cn} in {@code dir} (ca.key, ca.pem), valid 30 days. */
    public OpensslCa(Path dir, String cn) throws Exception {
        this.dir = Files.createDirectories(dir);
        tool(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir.resolve("ca.key").toString(),
                "-out", dir.resolve("ca.pem").toString(), "-subj", "/CN=" + cn, "-days", "30",
                "-addext", "basicConstraints=critical,CA:true", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    }

    public Path certificate() {
        return dir.resolve("ca.pem");
    }

    public Path key() {
        return dir.resolve("ca.key");
    }

    /** Signs a PKCS#10 request into {@code <name>.pem}, with a dNSName SAN when {@code dns} is not null. */
    public Path sign(Path csr, String name, String dns) throws Exception {
        String ext = "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n"
                + "extendedKeyUsage=serverAuth,clientAuth\n" + (dns == null ? "" : "subjectAltName=DNS:" + dns + "\n");
        Path extFile = dir.resolve(name + ".ext");
        Files.writeString(extFile, ext);
        Path out = dir.resolve(name + ".pem");
        tool(dir, "openssl", "x509", "-req", "-in", csr.toString(), "-CA", certificate().toString(), "-CAkey",
                key().toString(), "-CAcreateserial", "-days", "30", "-extfile", extFile.toString(), "-out", out.toString());
        return out;
    }

    /** A new key ({@code <name>.key}) and certificate ({@code <name>.pem}) for {@code cn}, SAN dNSName = cn. */
    public Path issue(String name, String cn) throws Exception {
        Path csr = dir.resolve(name + ".csr");
        tool(dir, "openssl", "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", dir.resolve(name + ".key").toString(),
                "-subj", "/CN=" + cn, "-out", csr.toString());
        return sign(csr, name, cn);
    }

    public Path keyOf(String name) {
        return dir.resolve(name + ".key");
    }

    /** Runs a tool to completion (bounded), failing on a non-zero exit; returns stdout and stderr. */
    public static String tool(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).directory(dir.toFile()).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", cmd) + " did not finish within 60 s");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(String.join(" ", cmd) + " failed: " + text, 0, p.exitValue());
        return text;
    }
}
