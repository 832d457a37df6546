package io.storageconsole.base.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files in the data folder that hold a secret (the embedded database's password, the MFA key):
 * readable by their owner only from the moment they exist, and put back to that at every start
 * if someone widened them.
 */
public final class SecretFiles {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Logger log = LoggerFactory.getLogger(SecretFiles.class);

    private SecretFiles() {
    }

    /**
     * The file's text, stripped; created with {@code initial} when missing. The file is created
     * owner-only in the same call (never written first and narrowed after), and an existing one
     * readable by others is narrowed before it is read.
     */
    public static String readOrCreate(Path file, String initial) throws IOException {
        if (Files.exists(file)) {
            requireOwnerOnly(file);
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        }
        if (isPosix(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            // Windows: the folder's own permissions apply.
            Files.createFile(file);
        }
        Files.writeString(file, initial + "\n", StandardCharsets.US_ASCII);
        return initial;
    }

    /** Narrows the file to owner-only if others (or its group) may read or write it. */
    static void requireOwnerOnly(Path file) throws IOException {
        if (!isPosix(file)) {
            return;
        }
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.equals(now)) {
            log.warn("{} was {}: it holds a secret, so it is made readable by its owner only", file,
                    PosixFilePermissions.toString(now));
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
    }

    private static boolean isPosix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
