package io.cairn.testkit.watch;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The guarantees one stream must keep on its own: ordered, unique, atomic, bookmarkable. */
final class StreamChecks {
    private final String watcher;
    private final int session;
    private final List<Violation> out;

    StreamChecks(String watcher, int session, List<Violation> out) {
        this.watcher = watcher;
        this.session = session;
        this.out = out;
    }

    void check(WatchSession s, WatchTarget target, CommittedWrites.Index writes) {
        WatchEvent last = null;
        long bookmark = 0;
        Set<String> delivered = new HashSet<>();
        Map<Long, Integer> responseOfRevision = new HashMap<>();
        for (int r = 0; r < s.responses().size(); r++) {
            WatchResponse resp = s.responses().get(r);
            if (resp.progressNotify()) {
                if (last != null && resp.headerRevision() < last.modRevision()) {
                    fail(Guarantee.BOOKMARKABLE, "progress notification at revision " + resp.headerRevision()
                            + " after event " + last.id() + " was delivered");
                }
                bookmark = Math.max(bookmark, resp.headerRevision());
            }
            for (WatchEvent e : resp.events()) {
                if (!delivered.add(e.id())) {
                    fail(Guarantee.UNIQUE, "event " + e.id() + " delivered twice");
                    continue;
                }
                if (last != null && e.modRevision() < last.modRevision()) {
                    fail(Guarantee.ORDERED, "event " + e.id() + " delivered after event " + last.id());
                } else if (last != null && e.modRevision() == last.modRevision()
                        && writes.order(e) >= 0 && writes.order(last) > writes.order(e)) {
                    fail(Guarantee.ORDERED, "events of revision " + e.modRevision() + " out of commit order: "
                            + e.id() + " after " + last.id());
                }
                if (e.modRevision() <= bookmark) {
                    fail(Guarantee.BOOKMARKABLE, "event " + e.id() + " delivered after a progress notification at "
                            + bookmark);
                }
                Integer first = responseOfRevision.putIfAbsent(e.modRevision(), r);
                if (first != null && first != r) {
                    fail(Guarantee.ATOMIC, "events of revision " + e.modRevision() + " split across responses "
                            + first + " and " + r);
                }
                last = e;
            }
            checkWholeRevisions(resp, target, writes);
        }
    }

    /** A response carrying part of a revision must carry all of that revision's events in the range. */
    private void checkWholeRevisions(WatchResponse resp, WatchTarget target, CommittedWrites.Index writes) {
        Set<Long> revisions = new HashSet<>();
        resp.events().forEach(e -> revisions.add(e.modRevision()));
        Set<String> inResponse = new HashSet<>();
        resp.events().forEach(e -> inResponse.add(e.id()));
        for (long rev : revisions) {
            for (WatchEvent expected : writes.atRevision(rev)) {
                if (target.covers(expected.key()) && !inResponse.contains(expected.id())) {
                    fail(Guarantee.ATOMIC, "response with revision " + rev + " lacks event " + expected.id());
                }
            }
        }
    }

    private void fail(Guarantee g, String detail) {
        out.add(new Violation(g, watcher, session, detail));
    }
}
