package io.cairn.gateway.concurrency;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.RangeResponse;
import io.cairn.api.etcdserverpb.ResponseHeader;
import io.cairn.api.mvccpb.Event;
import io.cairn.api.etcdserverpb.WatchResponse;
import java.util.Optional;

/**
 * etcd's {@code waitDeletes}: a contender waits until every key under the prefix created
 * before its own is deleted, watching only its predecessor (the youngest older key), so a
 * release wakes one waiter, not all of them.
 */
final class Waits {
    private Waits() {
    }

    /**
     * How the wait ended: {@code header} is that of the read that found no older key (null
     * when none can exist: Cairn's first write may have revision 1, etcd's never does, and a
     * max_create_revision of 0 means "no bound"); {@code waited} whether any delete was awaited.
     */
    record Outcome(ResponseHeader header, boolean waited) {
    }

    /** Returns once no key under the prefix has a create revision at or below {@code maxCreateRevision}. */
    static Outcome deletes(TenantStore store, ByteString prefix, long maxCreateRevision, Cancellation cancel) {
        if (maxCreateRevision < 1) {
            return new Outcome(null, false);
        }
        boolean waited = false;
        while (true) {
            checkNotCancelled(cancel);
            RangeResponse older = store.range(Recipes.lastCreatedUpTo(prefix, maxCreateRevision));
            if (older.getKvsCount() == 0) {
                return new Outcome(older.getHeader(), waited);
            }
            delete(store, older.getKvs(0).getKey(), older.getHeader().getRevision(), cancel);
            waited = true;
        }
    }

    /** etcd's {@code waitDelete}: returns once {@code key} is deleted at or after {@code fromRevision}. */
    static void delete(TenantStore store, ByteString key, long fromRevision, Cancellation cancel) {
        try (KeyWatch watch = store.watch(key, ByteString.EMPTY, fromRevision);
             Cancellation.Registration wake = cancel.onCancel(watch::close)) {
            while (true) {
                Optional<WatchResponse> next = watch.next();
                if (next.isEmpty()) {
                    checkNotCancelled(cancel);
                    throw new ConcurrencyException(ConcurrencyException.Reason.LOST_WATCHER);
                }
                for (Event event : next.get().getEventsList()) {
                    if (event.getType() == Event.EventType.DELETE) {
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConcurrencyException(ConcurrencyException.Reason.CANCELLED);
        }
    }

    static void checkNotCancelled(Cancellation cancel) {
        if (cancel.isCancelled()) {
            throw new ConcurrencyException(ConcurrencyException.Reason.CANCELLED);
        }
    }
}
