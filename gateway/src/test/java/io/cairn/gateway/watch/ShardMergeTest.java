package io.cairn.gateway.watch;

import static io.cairn.gateway.watch.Events.put;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.mvccpb.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShardMergeTest {

    @Test
    void releasesOnlyUpToTheSlowestShardsProgress() {
        ShardMerge merge = new ShardMerge(10);
        merge.addFeed(1, 9);
        merge.addFeed(2, 9);
        merge.offer(1, List.of(put("a", 12), put("b", 15)), 15);
        assertThat(merge.release()).isEmpty();
        assertThat(merge.pendingEvents()).isEqualTo(2);
        merge.offer(2, List.of(put("m", 13)), 13);
        assertThat(revisions(merge.release())).containsExactly(12L, 13L);
        merge.offer(2, List.of(), 20);
        assertThat(revisions(merge.release())).containsExactly(15L);
        assertThat(merge.safeRevision()).isEqualTo(15);
        assertThat(merge.pendingEvents()).isZero();
    }

    @Test
    void eventsOfOneRevisionFromTwoShardsComeOutTogether() {
        ShardMerge merge = new ShardMerge(1);
        merge.addFeed(1, 0);
        merge.addFeed(2, 0);
        merge.offer(1, List.of(put("a", 5)), 5);
        merge.offer(2, List.of(put("z", 5)), 5);
        List<ShardMerge.Revision> out = merge.release();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).events()).extracting(e -> e.getKv().getKey().toStringUtf8()).containsExactly("a", "z");
    }

    @Test
    void successorsInheritTheProgressOfTheFeedTheyReplace() {
        ShardMerge merge = new ShardMerge(1);
        merge.addFeed(1, 0);
        merge.addFeed(2, 0);
        merge.offer(1, List.of(put("a", 3)), 7);
        merge.replace(1, List.of(3L, 4L));
        assertThat(merge.progressOf(3)).isEqualTo(7);
        assertThat(merge.progressOf(4)).isEqualTo(7);
        merge.offer(2, List.of(), 9);
        assertThat(revisions(merge.release())).containsExactly(3L);
        assertThat(merge.safeRevision()).isEqualTo(7);
    }

    @Test
    void aResentRevisionIsDroppedNotDuplicated() {
        ShardMerge merge = new ShardMerge(1);
        merge.addFeed(1, 0);
        merge.offer(1, List.of(put("a", 3)), 3);
        assertThat(merge.release()).hasSize(1);
        merge.offer(1, List.of(put("a", 3), put("a", 4)), 4);
        assertThat(revisions(merge.release())).containsExactly(4L);
    }

    @Test
    void randomInterleavingsComeOutInRevisionOrderWithNothingLost() {
        Random random = new Random(42);
        for (int round = 0; round < 50; round++) {
            int shards = 1 + random.nextInt(4);
            List<List<Event>> perShard = new ArrayList<>();
            for (int s = 0; s < shards; s++) {
                perShard.add(new ArrayList<>());
            }
            long revision = 0;
            for (int i = 0; i < 200; i++) {
                revision += 1 + random.nextInt(3);
                perShard.get(random.nextInt(shards)).add(put("k" + i, revision));
            }
            ShardMerge merge = new ShardMerge(1);
            for (int s = 0; s < shards; s++) {
                merge.addFeed(s, 0);
            }
            int[] next = new int[shards];
            List<Long> out = new ArrayList<>();
            boolean more = true;
            while (more) {
                int s = random.nextInt(shards);
                int take = Math.min(random.nextInt(4), perShard.get(s).size() - next[s]);
                List<Event> batch = perShard.get(s).subList(next[s], next[s] + take);
                next[s] += take;
                long progress = next[s] == perShard.get(s).size() ? revision
                        : perShard.get(s).get(next[s]).getKv().getModRevision() - 1;
                merge.offer(s, batch, progress);
                out.addAll(revisions(merge.release()));
                more = false;
                for (int k = 0; k < shards; k++) {
                    more |= next[k] < perShard.get(k).size() || merge.progressOf(k) < revision;
                }
            }
            assertThat(out).hasSize(200).isSorted().doesNotHaveDuplicates();
        }
    }

    private static List<Long> revisions(List<ShardMerge.Revision> revisions) {
        return revisions.stream().map(ShardMerge.Revision::revision).toList();
    }
}
