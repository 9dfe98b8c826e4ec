package io.cairn.testkit.watch;

import static io.cairn.testkit.watch.WatchEvent.delete;
import static io.cairn.testkit.watch.WatchEvent.put;
import static io.cairn.testkit.watch.WatchResponse.events;
import static io.cairn.testkit.watch.WatchResponse.progress;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WatchCheckerTest {
    static final WatchEvent A3 = put("p/a", "v1", 3);
    static final WatchEvent B7 = put("p/b", "v2", 7);
    static final WatchEvent Q8 = put("q", "v0", 8);
    static final WatchEvent A9 = delete("p/a", 9);
    static final WatchEvent A12 = put("p/a", "v3", 12);
    static final WatchEvent A20 = put("p/a", "v5", 20);
    static final WatchEvent B20 = put("p/b", "v6", 20);
    static final CommittedWrites WRITES = new CommittedWrites(List.of(A3, B7, Q8, A9, A12, A20, B20), true);
    static final WatchTarget P = new WatchTarget.Prefix("p/");

    static List<Violation> check(WatchSession... sessions) {
        return WatchChecker.check(List.of(WatcherLog.of("w1", P, sessions)), WRITES);
    }

    static List<Guarantee> broken(WatchSession... sessions) {
        return check(sessions).stream().map(Violation::guarantee).distinct().toList();
    }

    @Test
    void aGoodStreamKeepsEveryGuarantee() {
        assertThat(check(WatchSession.of(1, events(7, A3, B7), events(9, A9), progress(10), events(12, A12),
                events(20, A20, B20), progress(25)))).isEmpty();
        assertThat(WatchChecker.check(List.of(WatcherLog.of("k", new WatchTarget.Key("q"),
                WatchSession.of(8, events(8, Q8))), WatcherLog.of("now", P, WatchSession.of(0, progress(5)))),
                WRITES)).isEmpty();
    }

    @Test
    void ordered() {
        assertThat(broken(WatchSession.of(1, events(3, A3), events(9, A9), events(9, B7), events(12, A12))))
                .containsExactly(Guarantee.ORDERED);
        assertThat(broken(WatchSession.of(12, events(12, A12), events(20, B20, A20))))
                .containsExactly(Guarantee.ORDERED);
    }

    @Test
    void unique() {
        List<Violation> v = check(WatchSession.of(1, events(3, A3), events(3, A3), events(7, B7)));
        assertThat(v).extracting(Violation::guarantee).containsExactly(Guarantee.UNIQUE);
        assertThat(v.getFirst().toString()).isEqualTo("UNIQUE violated by watcher w1 session 0: event p/a@3 "
                + "delivered twice");
    }

    @Test
    void atomic() {
        assertThat(broken(WatchSession.of(12, events(12, A12), events(20, A20), events(20, B20))))
                .containsExactly(Guarantee.ATOMIC);
        assertThat(broken(WatchSession.of(12, events(12, A12), events(20, A20), progress(21))))
                .contains(Guarantee.ATOMIC);
    }

    @Test
    void bookmarkable() {
        assertThat(broken(WatchSession.of(1, events(7, A3, B7), progress(10), events(10, A9), events(12, A12))))
                .containsExactly(Guarantee.BOOKMARKABLE);
        assertThat(broken(WatchSession.of(1, events(7, A3, B7), events(9, A9), progress(8))))
                .containsExactly(Guarantee.BOOKMARKABLE);
    }

    @Test
    void reliable() {
        List<Violation> v = check(WatchSession.of(1, events(3, A3), events(9, A9), events(12, A12)));
        assertThat(v).extracting(Violation::guarantee).containsExactly(Guarantee.RELIABLE);
        assertThat(v.getFirst().detail()).contains("missed PUT p/b@7=v2");
        assertThat(broken(WatchSession.of(1, events(3, A3), events(7, B7), progress(15))))
                .containsExactly(Guarantee.RELIABLE);
    }

    @Test
    void resumable() {
        WatchSession first = WatchSession.of(1, events(7, A3, B7));
        assertThat(check(first, WatchSession.of(8, events(9, A9), events(12, A12)))).isEmpty();
        assertThat(broken(first, WatchSession.of(8, events(12, A12)))).containsExactly(Guarantee.RESUMABLE);
        assertThat(broken(first, WatchSession.of(8, events(7, B7), events(9, A9)))).containsExactly(Guarantee.RESUMABLE);
        assertThat(broken(first, WatchSession.of(3, events(7, A3, B7), events(9, A9))))
                .containsExactly(Guarantee.RESUMABLE);
    }

    @Test
    void aWatchCancelledByCompactionMayResumeAtTheCompactRevision() {
        assertThat(check(WatchSession.of(2, WatchResponse.compacted(11, 10)), WatchSession.of(10, events(12, A12))))
                .isEmpty();
    }

    @Test
    void valid() {
        assertThat(broken(WatchSession.of(1, events(3, put("p/a", "forged", 3)), events(7, B7))))
                .containsExactly(Guarantee.VALID);
        assertThat(broken(WatchSession.of(4, events(5, put("p/z", "ghost", 5)), events(7, B7))))
                .containsExactly(Guarantee.VALID);
        List<Violation> disagree = WatchChecker.check(List.of(
                WatcherLog.of("w1", P, WatchSession.of(12, events(12, A12))),
                WatcherLog.of("w2", P, WatchSession.of(12, events(12, put("p/a", "other", 12))))),
                new CommittedWrites(List.of(), false));
        assertThat(disagree).extracting(Violation::guarantee, Violation::watcherId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Guarantee.VALID, "w2"));
    }

    @Test
    void persistedValuesComeFromAllWatchers() {
        assertThat(WatchChecker.persistedValues(List.of(WatcherLog.of("w1", P, WatchSession.of(1,
                events(7, A3, B7), events(9, A9)))))).containsExactlyInAnyOrderEntriesOf(
                java.util.Map.of("v1", 3L, "v2", 7L));
    }
}
