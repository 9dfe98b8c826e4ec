package io.cairn.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.jraft.rpc.RpcServer;
import io.cairn.controlplane.raft.RaftRpcServers;
import io.cairn.testkit.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class RaftRpcServersTest {
    private static final String LOOPBACK_V4 = "0100007F";
    private static final String LOOPBACK_V4_MAPPED = "0000000000000000FFFF00000100007F";

    @Test
    void theRaftPortListensOnlyOnTheGivenHost() throws IOException {
        int port = FreePorts.next();
        RpcServer server = RaftRpcServers.bound("127.0.0.1", port);
        assertThat(server.init(null)).isTrue();
        try {
            assertThat(listeningAddresses(port)).isNotEmpty().allMatch(a -> a.equals(LOOPBACK_V4) || a.equals(LOOPBACK_V4_MAPPED));
        } finally {
            server.shutdown();
        }
    }

    /** Local addresses (hex, as the kernel prints them) of the sockets listening on {@code port}. */
    private static List<String> listeningAddresses(int port) throws IOException {
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        List<String> found = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                String[] local = fields[1].split(":");
                if (local[1].equals(hexPort) && fields[3].equals("0A")) {
                    found.add(local[0]);
                }
            }
        }
        return found;
    }
}
