package org.imegate.drs.device;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/** An open backup device: one directory, local or on an SFTP server. File names are plain names, no '/'. */
public interface DeviceSession extends Closeable {

    /** Where it is, for messages: a local directory or {@code user@server:port:path}. */
    String location();

    /** The regular files of the directory. */
    List<BackupFile> list() throws IOException;

    /** A new file, created (replacing nothing) and written through the stream. */
    OutputStream create(String name) throws IOException;

    InputStream open(String name) throws IOException;

    /** Renames {@code from} to {@code to}, which must not exist yet. */
    void rename(String from, String to) throws IOException;

    void delete(String name) throws IOException;

    /** Aborts what is in progress from another thread (a blocked transfer fails soon after). */
    void abort();
}
