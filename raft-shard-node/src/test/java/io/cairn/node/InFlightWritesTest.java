package io.cairn.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class InFlightWritesTest {
    private final InFlightWrites writes = new InFlightWrites();

    @Test
    void readWithNothingInFlightProceedsAtOnce() {
        assertThat(writes.awaitStarted()).isDone();
    }

    @Test
    void readWaitsForEveryWriteStartedBeforeItAndNoLater() {
        long first = writes.start();
        long second = writes.start();
        CompletableFuture<Void> read = writes.awaitStarted();
        long later = writes.start();

        writes.finish(second);
        assertThat(read).isNotDone();
        writes.finish(first);
        assertThat(read).isDone();
        writes.finish(later);
    }

    @Test
    void writeStartedAfterTheReadDoesNotHoldItBack() {
        long first = writes.start();
        CompletableFuture<Void> read = writes.awaitStarted();
        writes.start();
        writes.finish(first);
        assertThat(read).isDone();
    }

    @Test
    void readsReleaseInOrderOfTheirBarriers() {
        long first = writes.start();
        CompletableFuture<Void> early = writes.awaitStarted();
        long second = writes.start();
        CompletableFuture<Void> late = writes.awaitStarted();

        writes.finish(first);
        assertThat(early).isDone();
        assertThat(late).isNotDone();
        writes.finish(second);
        assertThat(late).isDone();
    }
}
