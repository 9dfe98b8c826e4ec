package io.cairn.node;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cairn.api.meta.ShardDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file in the store directory of a shard a split created on this node, holding its
 * descriptor, until the control plane lists the shard: a node restarting in between hosts the
 * shard from it (the control plane learns of the shard only from its reports), and the
 * replica collector leaves it alone.
 */
final class SplitChildMarkers {
    static final String FILE = "split-child.pb";
    private static final Logger log = LoggerFactory.getLogger(SplitChildMarkers.class);

    private SplitChildMarkers() {
    }

    static void write(Path storeDir, ShardDescriptor shard) throws IOException {
        Files.write(storeDir.resolve(FILE), shard.toByteArray());
    }

    static boolean present(Path storeDir) {
        return Files.exists(storeDir.resolve(FILE));
    }

    static void clear(Path storeDir) {
        try {
            Files.deleteIfExists(storeDir.resolve(FILE));
        } catch (IOException e) {
            log.warn("cannot remove {}", storeDir.resolve(FILE), e);
        }
    }

    /** The split children found under {@code dataDir/shard-*}/{@code mvcc}. */
    static List<ShardDescriptor> find(Path dataDir) {
        List<ShardDescriptor> found = new ArrayList<>();
        if (!Files.isDirectory(dataDir)) {
            return found;
        }
        try (Stream<Path> dirs = Files.list(dataDir)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith("shard-")).toList()) {
                Path marker = dir.resolve("mvcc").resolve(FILE);
                if (Files.exists(marker)) {
                    found.add(ShardDescriptor.parseFrom(Files.readAllBytes(marker)));
                }
            }
        } catch (InvalidProtocolBufferException e) {
            log.error("unreadable split marker under {}", dataDir, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dataDir, e);
        }
        return found;
    }
}
