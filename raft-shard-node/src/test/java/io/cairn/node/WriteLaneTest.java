package io.cairn.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.PutResponse;
import io.cairn.api.etcdserverpb.ResponseHeader;
import io.cairn.api.placement.AllocateRevisionsResponse;
import io.cairn.api.shard.ShardCommand;
import io.cairn.api.shard.ShardResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class WriteLaneTest {

    @Test
    void concurrentWritesAreProposedInIncreasingRevisionOrderAndBatched() throws Exception {
        CountingPlacement placement = new CountingPlacement();
        List<Long> proposed = new ArrayList<>();
        InFlightWrites inFlight = new InFlightWrites();
        try (RevisionAllocator revisions = new RevisionAllocator(placement)) {
            WriteLane lane = new WriteLane(1, revisions, inFlight, command -> {
                synchronized (proposed) {
                    proposed.add(command.getRevision());
                }
                return CompletableFuture.completedFuture(ShardResponse.newBuilder().setPut(PutResponse.newBuilder()
                        .setHeader(ResponseHeader.newBuilder().setRevision(command.getRevision()))).build());
            }, error -> ShardErrors.serverBusy(error.toString(), 1));

            List<CompletableFuture<ShardResponse>> results = new ArrayList<>();
            try (ExecutorService writers = Executors.newFixedThreadPool(8)) {
                List<CompletableFuture<CompletableFuture<ShardResponse>>> submitted = new ArrayList<>();
                for (int i = 0; i < 400; i++) {
                    submitted.add(CompletableFuture.supplyAsync(() -> lane.submit(
                            ShardCommand.newBuilder().setPut(PutRequest.getDefaultInstance()).build()), writers));
                }
                for (var s : submitted) {
                    results.add(s.get());
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> results.stream().allMatch(CompletableFuture::isDone));

            synchronized (proposed) {
                assertThat(proposed).hasSize(400).isSorted().doesNotHaveDuplicates();
            }
            assertThat(placement.calls()).isLessThan(400);
            assertThat(inFlight.awaitStarted()).isDone();
        }
    }

    /**
     * An in-process oracle answers at once: the allocator and the lane then continue in a
     * loop on the submitting thread. Many writes in a row stay ordered and need no deep stack.
     */
    @Test
    void anOracleThatAnswersAtOnceKeepsOrderWithoutRecursion() throws Exception {
        ImmediatePlacement placement = new ImmediatePlacement();
        List<Long> proposed = new ArrayList<>();
        InFlightWrites inFlight = new InFlightWrites();
        try (RevisionAllocator revisions = new RevisionAllocator(placement)) {
            List<CompletableFuture<ShardResponse>> pendingRaft = new ArrayList<>();
            WriteLane lane = new WriteLane(1, revisions, inFlight, command -> {
                CompletableFuture<ShardResponse> applied = new CompletableFuture<>();
                synchronized (proposed) {
                    proposed.add(command.getRevision());
                    pendingRaft.add(applied);
                }
                return applied;
            }, error -> ShardErrors.serverBusy(error.toString(), 1));

            List<CompletableFuture<ShardResponse>> results = new ArrayList<>();
            try (ExecutorService writers = Executors.newFixedThreadPool(4)) {
                List<CompletableFuture<CompletableFuture<ShardResponse>>> submitted = new ArrayList<>();
                for (int i = 0; i < 20_000; i++) {
                    submitted.add(CompletableFuture.supplyAsync(() -> lane.submit(
                            ShardCommand.newBuilder().setPut(PutRequest.getDefaultInstance()).build()), writers));
                }
                for (var s : submitted) {
                    results.add(s.get());
                }
            }
            synchronized (proposed) {
                assertThat(proposed).hasSize(20_000).isSorted().doesNotHaveDuplicates();
                pendingRaft.forEach(f -> f.complete(ShardResponse.getDefaultInstance()));
            }
            assertThat(results).allMatch(CompletableFuture::isDone);
            assertThat(inFlight.awaitStarted()).isDone();
        }
    }

    /** Answers every call at once, on the caller's thread. */
    private static final class ImmediatePlacement extends UnsupportedPlacement {
        private final ClockRevisions revisions = new ClockRevisions();

        @Override
        public CompletableFuture<AllocateRevisionsResponse> allocateRevisions(int count) {
            return CompletableFuture.completedFuture(AllocateRevisionsResponse.newBuilder()
                    .setFirst(revisions.take(count)).setCount(count).build());
        }
    }
}
