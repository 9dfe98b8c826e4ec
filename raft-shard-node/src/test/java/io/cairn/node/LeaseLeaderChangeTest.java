package io.cairn.node;

import static io.cairn.node.ClusterSpec.key;
import static io.cairn.node.ClusterSpec.tenantPrefix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.etcdserverpb.LeaseGrantRequest;
import io.cairn.api.etcdserverpb.LeaseTimeToLiveRequest;
import io.cairn.api.etcdserverpb.LeaseTimeToLiveResponse;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.meta.ShardStats;
import io.cairn.api.shard.ShardLeaseRequest;
import io.cairn.api.shard.ShardResponse;
import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three store nodes in three JVMs: after {@code kill -9} of the lease home's leader, the new
 * leader counts the lease down from its checkpointed remaining TTL (not the full TTL, never
 * less) and expires it.
 */
class LeaseLeaderChangeTest {
    private static final long SHARD = 1;

    @TempDir
    Path dir;
    private final ClusterSpec spec = ClusterSpec.create(3, 1, 1000, 3600);
    private NodeProcesses processes;
    private final Map<Long, NodeClient> clients = new HashMap<>();

    @AfterEach
    void stop() {
        clients.values().forEach(NodeClient::close);
        if (processes != null) {
            processes.close();
        }
    }

    @Test
    void remainingTtlSurvivesALeaderChange() {
        processes = new NodeProcesses(spec, dir);
        for (long id = 1; id <= 3; id++) {
            processes.start(id);
            clients.put(id, new NodeClient(spec.node(id).rpcAddress()));
        }
        long leader = awaitLeader();
        ShardResponse granted = lease(leader, ShardLeaseRequest.newBuilder()
                .setGrant(LeaseGrantRequest.newBuilder().setID(77).setTTL(20)));
        assertThat(granted.getLeaseGrant().getTTL()).as("%s", granted).isEqualTo(20);
        ShardResponse put = clients.get(leader).execute(NodeClient.request(SHARD).setPut(PutRequest.newBuilder()
                .setKey(key(SHARD, "svc")).setValue(ByteString.copyFromUtf8("v")).setLease(77)).build());
        assertThat(put.hasPut()).as("%s", put).isTrue();

        // Silent for half its TTL: the leader checkpoints about 10 s left.
        await("checkpointed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> ttl(leader).getTTL() <= 8);
        processes.kill(leader);
        long next = awaitLeader();
        assertThat(next).isNotEqualTo(leader);

        LeaseTimeToLiveResponse after = ttl(next);
        assertThat(after.getGrantedTTL()).isEqualTo(20);
        assertThat(after.getTTL()).as("counted from the checkpoint, not the full TTL").isBetween(1L, 10L);
        await("expired by the new leader").atMost(Duration.ofSeconds(25)).pollInterval(Duration.ofMillis(500))
                .until(() -> clients.get(next).get(SHARD, key(SHARD, "svc"), false).getRange().getKvsCount() == 0);
        assertThat(ttl(next).getTTL()).isEqualTo(-1);
    }

    private ShardResponse lease(long nodeId, ShardLeaseRequest.Builder request) {
        return clients.get(nodeId).execute(NodeClient.request(SHARD)
                .setLease(request.setTenant(tenantPrefix(SHARD))).build());
    }

    private LeaseTimeToLiveResponse ttl(long nodeId) {
        ShardResponse response = lease(nodeId, ShardLeaseRequest.newBuilder()
                .setTimeToLive(LeaseTimeToLiveRequest.newBuilder().setID(77)));
        assertThat(response.hasLeaseTimeToLive()).as("%s", response).isTrue();
        return response.getLeaseTimeToLive();
    }

    private long awaitLeader() {
        long[] leader = new long[1];
        await("leader of shard " + SHARD).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    for (long id = 1; id <= 3; id++) {
                        if (processes.isRunning(id) && isLeader(id)) {
                            leader[0] = id;
                            return true;
                        }
                    }
                    return false;
                });
        return leader[0];
    }

    private boolean isLeader(long nodeId) {
        try {
            return clients.get(nodeId).status().getShardsList().stream()
                    .filter(s -> s.getShardId() == SHARD).anyMatch(ShardStats::getLeader);
        } catch (io.grpc.StatusRuntimeException e) {
            return false;
        }
    }
}
