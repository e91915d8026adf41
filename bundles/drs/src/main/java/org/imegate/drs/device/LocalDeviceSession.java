package org.imegate.drs.device;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.imegate.drs.AtomicFiles;

/** A directory of the appliance as a device (the seed's {@code /common/adminsftp/backup}). */
public final class LocalDeviceSession implements DeviceSession {
    private final Path directory;
    private volatile boolean aborted;

    public LocalDeviceSession(Path directory) throws DeviceException {
        this.directory = directory;
        try {
            AtomicFiles.privateDirectory(directory);
        } catch (IOException e) {
            throw new DeviceException(DeviceException.Kind.PATH, "cannot create local directory " + directory + ": "
                    + e.getMessage(), e);
        }
        if (!Files.isWritable(directory)) {
            throw new DeviceException(DeviceException.Kind.PATH, "local directory " + directory
                    + " cannot be written", null);
        }
    }

    @Override
    public String location() {
        return directory.toString();
    }

    public Path directory() {
        return directory;
    }

    @Override
    public List<BackupFile> list() throws IOException {
        List<BackupFile> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path p : files) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                if (a.isRegularFile()) {
                    out.add(new BackupFile(p.getFileName().toString(), a.size(), a.lastModifiedTime().toInstant()));
                }
            }
        }
        out.sort(Comparator.comparing(BackupFile::name));
        return out;
    }

    @Override
    public OutputStream create(String name) throws IOException {
        Path target = file(name);
        if (Files.getFileAttributeView(directory, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
            Files.createFile(target, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(target);
        }
        OutputStream out = Files.newOutputStream(target, StandardOpenOption.WRITE);
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (aborted) {
                    throw new DeviceException(DeviceException.Kind.ABORTED, "write to " + name + " aborted", null);
                }
                out.write(b, off, len);
            }
        };
    }

    @Override
    public InputStream open(String name) throws IOException {
        return Files.newInputStream(file(name));
    }

    @Override
    public void rename(String from, String to) throws IOException {
        if (Files.exists(file(to))) {
            throw new IOException(to + " already exists in " + directory);
        }
        Files.move(file(from), file(to), StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void delete(String name) throws IOException {
        Files.deleteIfExists(file(name));
    }

    private Path file(String name) throws IOException {
        Path p = directory.resolve(name).normalize();
        if (!p.getParent().equals(directory.normalize()) || name.contains("/")) {
            throw new IOException("not a plain file name: " + name);
        }
        return p;
    }

    @Override
    public void abort() {
        aborted = true;
    }

    @Override
    public void close() {
        // nothing held open
    }
}
