package io.cairn.gateway;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.CompactionRequest;
import io.cairn.api.etcdserverpb.CompactionResponse;
import io.cairn.api.etcdserverpb.DeleteRangeRequest;
import io.cairn.api.etcdserverpb.DeleteRangeResponse;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.PutResponse;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.etcdserverpb.RangeResponse;
import io.cairn.api.etcdserverpb.TxnRequest;
import io.cairn.api.etcdserverpb.TxnResponse;
import io.cairn.api.meta.ShardRoute;
import io.cairn.api.shard.KvErrorCode;
import io.cairn.api.shard.ShardCompactRequest;
import io.cairn.api.shard.ShardRequest;
import io.cairn.controlplane.client.PlacementClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The KV operations of one tenant, shared by the gRPC and REST front ends: validate, encode
 * the tenant's keys, route to the owning shard(s), decode, fill the header.
 *
 * <p>Across shards: a range is read at one revision on every shard and merged; a
 * delete range or txn that needs more than one shard is refused (never half-applied) until
 * cross-shard transactions exist; compaction is sent to every shard holding the tenant.
 */
final class KvCore {
    private static final Comparator<ByteString> ORDER = ByteString.unsignedLexicographicalComparator();

    private final ShardRouter router;
    private final RequestValidator validator;
    private final PlacementClient placement;
    private final ResponseHeaders headers;
    private final LeaseCore leases;

    KvCore(ShardRouter router, RequestValidator validator, PlacementClient placement, ResponseHeaders headers,
            LeaseCore leases) {
        this.router = router;
        this.validator = validator;
        this.placement = placement;
        this.headers = headers;
        this.leases = leases;
    }

    RangeResponse range(TenantPrincipal tenant, RangeRequest request) {
        validator.check(request);
        refuseFutureRevision(request.getRevision());
        TenantKeyCodec codec = new TenantKeyCodec(tenant.tenantId());
        RangeRequest internal = codec.encode(request);
        RangeResponse response = router.run(false, snapshot -> {
            List<ShardRoute> shards = shardsOf(snapshot, internal.getKey(), internal.getRangeEnd());
            if (shards.size() == 1) {
                return router.call(snapshot, shards.get(0), ShardRequest.newBuilder().setRange(internal)).getRange();
            }
            return crossShardRange(snapshot, internal, shards);
        });
        RangeResponse decoded = codec.decode(response);
        return decoded.toBuilder().setHeader(headers.of(decoded.getHeader())).build();
    }

    PutResponse put(TenantPrincipal tenant, PutRequest request) {
        validator.check(request);
        TenantKeyCodec codec = new TenantKeyCodec(tenant.tenantId());
        PutRequest internal = codec.encode(request);
        Set<Long> attached = internal.getLease() == 0 ? Set.of() : Set.of(internal.getLease());
        PutResponse response = router.run(true, snapshot -> {
            ShardRoute shard = router.routeFor(snapshot, internal.getKey());
            return router.call(snapshot, shard, leases.checkedOnHome(tenant, snapshot, shard, attached,
                    ShardRequest.newBuilder().setPut(internal))).getPut();
        });
        PutResponse decoded = codec.decode(response);
        return decoded.toBuilder().setHeader(headers.of(decoded.getHeader())).build();
    }

    DeleteRangeResponse deleteRange(TenantPrincipal tenant, DeleteRangeRequest request) {
        validator.check(request);
        TenantKeyCodec codec = new TenantKeyCodec(tenant.tenantId());
        DeleteRangeRequest internal = codec.encode(request);
        DeleteRangeResponse response = router.run(true, snapshot -> {
            List<ShardRoute> shards = shardsOf(snapshot, internal.getKey(), internal.getRangeEnd());
            refuseCrossShard("delete range", "delete ranges", shards);
            return router.call(snapshot, shards.get(0), ShardRequest.newBuilder().setDeleteRange(internal))
                    .getDeleteRange();
        });
        DeleteRangeResponse decoded = codec.decode(response);
        return decoded.toBuilder().setHeader(headers.of(decoded.getHeader())).build();
    }

    TxnResponse txn(TenantPrincipal tenant, TxnRequest request) {
        validator.check(request);
        TenantKeyCodec codec = new TenantKeyCodec(tenant.tenantId());
        TxnRequest internal = codec.encode(request);
        TxnKeys keys = TxnKeys.of(internal);
        Set<Long> attached = LeaseAttachments.of(internal);
        TxnResponse response = router.run(keys.writes(), snapshot -> {
            List<ShardRoute> shards = new ArrayList<>();
            for (TxnKeys.KeySpan span : keys.spans()) {
                shardsOf(snapshot, span.key(), span.rangeEnd()).stream()
                        .filter(s -> shards.stream().noneMatch(k -> k.getShard().getId() == s.getShard().getId()))
                        .forEach(shards::add);
            }
            if (shards.isEmpty()) {
                shards.add(router.routeFor(snapshot, codec.start()));
            }
            refuseCrossShard("txn", "transactions", shards);
            return router.call(snapshot, shards.get(0), leases.checkedOnHome(tenant, snapshot, shards.get(0), attached,
                    ShardRequest.newBuilder().setTxn(internal))).getTxn();
        });
        TxnResponse decoded = codec.decode(response);
        return decoded.toBuilder().setHeader(headers.of(decoded.getHeader())).build();
    }

    CompactionResponse compact(TenantPrincipal tenant, CompactionRequest request) {
        TenantKeyCodec codec = new TenantKeyCodec(tenant.tenantId());
        long next = refuseFutureRevision(request.getRevision());
        ShardCompactRequest compact = ShardCompactRequest.newBuilder()
                .setRevision(request.getRevision()).setPhysical(request.getPhysical())
                .setKey(codec.start()).setRangeEnd(codec.end()).build();
        Set<String> done = ConcurrentHashMap.newKeySet();
        long revision = router.run(true, snapshot -> {
            List<Callable<Long>> calls = new ArrayList<>();
            for (ShardRoute shard : snapshot.overlapping(codec.start(), codec.end())) {
                String doneKey = shard.getShard().getId() + "@" + shard.getShard().getEpoch().getVersion();
                if (done.contains(doneKey)) {
                    continue;
                }
                ShardCompactRequest clipped = compact.toBuilder()
                        .setKey(max(compact.getKey(), shard.getShard().getStartKey()))
                        .setRangeEnd(shard.getShard().getEndKey().isEmpty() ? compact.getRangeEnd()
                                : min(compact.getRangeEnd(), shard.getShard().getEndKey()))
                        .build();
                calls.add(() -> {
                    long rev = router.call(snapshot, shard, ShardRequest.newBuilder().setCompact(clipped))
                            .getCompact().getHeader().getRevision();
                    done.add(doneKey);
                    return rev;
                });
            }
            return router.all(calls).stream().mapToLong(Long::longValue).max().orElse(next - 1);
        });
        return CompactionResponse.newBuilder().setHeader(headers.of(Math.max(revision, 0), 0)).build();
    }

    /**
     * etcd refuses a read or compaction above its current revision; Cairn's current revision is
     * the TSO's, so a revision not handed out yet (at or above a fresh one) is a future revision.
     * A shard alone cannot tell: a revision above its own may be another shard's or a
     * cross-shard read's. Asks the TSO only for an explicit revision; returns the fresh one (or 0).
     */
    private long refuseFutureRevision(long revision) {
        if (revision <= 0) {
            return 0;
        }
        long next = placement.allocateRevisions(1).join().getFirst();
        if (revision >= next) {
            throw GatewayException.kv(KvErrorCode.FUTURE_REVISION);
        }
        return next;
    }

    private RangeResponse crossShardRange(RouteSnapshot snapshot, RangeRequest internal, List<ShardRoute> shards) {
        long revision = internal.getRevision() != 0
                ? internal.getRevision()
                : placement.allocateRevisions(1).join().getFirst();
        List<Callable<RangeResponse>> calls = new ArrayList<>();
        for (ShardRoute shard : shards) {
            RangeRequest clipped = clip(internal, shard).toBuilder().setRevision(revision).build();
            calls.add(() -> router.call(snapshot, shard, ShardRequest.newBuilder().setRange(clipped)).getRange());
        }
        return RangeMerger.merge(internal, revision, router.all(calls));
    }

    private static RangeRequest clip(RangeRequest request, ShardRoute shard) {
        ByteString start = max(request.getKey(), shard.getShard().getStartKey());
        ByteString shardEnd = shard.getShard().getEndKey();
        ByteString end = shardEnd.isEmpty() ? request.getRangeEnd() : min(request.getRangeEnd(), shardEnd);
        return request.toBuilder().setKey(start).setRangeEnd(end).build();
    }

    /** Shards holding {@code [key, end)}; a single key or an empty range needs the key's shard only. */
    private List<ShardRoute> shardsOf(RouteSnapshot snapshot, ByteString key, ByteString end) {
        if (end.isEmpty() || ORDER.compare(end, key) <= 0) {
            return List.of(router.routeFor(snapshot, key));
        }
        List<ShardRoute> shards = snapshot.overlapping(key, end);
        if (shards.isEmpty()) {
            return List.of(router.routeFor(snapshot, key));
        }
        return shards;
    }

    private static void refuseCrossShard(String operation, String operations, List<ShardRoute> shards) {
        if (shards.size() > 1) {
            TreeSet<Long> ids = new TreeSet<>(Long::compareUnsigned);
            shards.forEach(s -> ids.add(s.getShard().getId()));
            throw new GatewayException(new GatewayError.CrossShard(operation, operations, List.copyOf(ids)));
        }
    }

    private static ByteString max(ByteString a, ByteString b) {
        return ORDER.compare(a, b) >= 0 ? a : b;
    }

    private static ByteString min(ByteString a, ByteString b) {
        return ORDER.compare(a, b) <= 0 ? a : b;
    }
}
