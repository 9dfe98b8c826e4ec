package io.cairn.gateway.concurrency;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.RangeResponse;
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

    /** Returns once no key under the prefix has a create revision at or below {@code maxCreateRevision}. */
    static void deletes(TenantStore store, ByteString prefix, long maxCreateRevision, Cancellation cancel) {
        while (true) {
            checkNotCancelled(cancel);
            Optional<RangeResponse> older = youngestUpTo(store, prefix, maxCreateRevision);
            if (older.isEmpty()) {
                return;
            }
            delete(store, older.get().getKvs(0).getKey(), older.get().getHeader().getRevision(), cancel);
        }
    }

    /**
     * The youngest key under the prefix created at or before {@code maxCreateRevision}, with
     * the read's header. Cairn's first write may have revision 1 (etcd's never does), and a
     * max_create_revision of 0 means "no bound", so a bound below 1 is answered here: none.
     */
    static Optional<RangeResponse> youngestUpTo(TenantStore store, ByteString prefix, long maxCreateRevision) {
        if (maxCreateRevision < 1) {
            return Optional.empty();
        }
        RangeResponse older = store.range(Recipes.lastCreatedUpTo(prefix, maxCreateRevision));
        return older.getKvsCount() == 0 ? Optional.empty() : Optional.of(older);
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
