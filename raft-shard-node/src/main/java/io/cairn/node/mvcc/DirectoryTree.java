package io.cairn.node.mvcc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Copying (hard-linking immutable SST files) and deleting RocksDB directories. */
final class DirectoryTree {

    private DirectoryTree() {
    }

    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    static boolean isEmptyDirectory(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** Copies a flat RocksDB directory; SST files are immutable, so they are linked when possible. */
    static void copy(Path from, Path to) {
        try (Stream<Path> entries = Files.list(from)) {
            Files.createDirectories(to);
            List<Path> files = entries.filter(Files::isRegularFile).toList();
            for (Path file : files) {
                Path target = to.resolve(file.getFileName());
                if (file.getFileName().toString().endsWith(".sst") && link(target, file)) {
                    continue;
                }
                Files.copy(file, target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
        }
    }

    private static boolean link(Path target, Path existing) throws IOException {
        try {
            Files.createLink(target, existing);
            return true;
        } catch (UnsupportedOperationException | FileSystemException e) {
            return false;
        }
    }
}
