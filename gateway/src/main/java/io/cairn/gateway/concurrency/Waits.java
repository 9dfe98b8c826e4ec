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
     * How the wait ended: {@code header} is that of the read that found no key older than
     * the contender's; {@code ownKeyPresent} whether that read still saw the contender's own
     * key (its lease may have expired meanwhile).
     */
    record Outcome(ResponseHeader header, boolean ownKeyPresent) {
    }

    /**
     * Returns once no key under the prefix is older than {@code ownKey} (created at
     * {@code ownRevision}). Each read takes the two youngest keys created at or before
     * {@code ownRevision}, so one read at one revision tells both whether the own key still
     * exists and which key is its predecessor; a revision of at least 1 is always given as
     * the bound (a max_create_revision of 0 means "no bound", and Cairn's first write may
     * have revision 1). With {@code stopIfOwnGone} the wait ends as soon as the own key is gone.
     */
    static Outcome deletes(TenantStore store, ByteString prefix, ByteString ownKey, long ownRevision,
                           boolean stopIfOwnGone, Cancellation cancel) {
        while (true) {
            checkNotCancelled(cancel);
            RangeResponse youngest = store.range(Recipes.youngestUpTo(prefix, ownRevision, 2));
            boolean own = youngest.getKvsCount() > 0 && youngest.getKvs(0).getKey().equals(ownKey);
            int olderAt = own ? 1 : 0;
            if (youngest.getKvsCount() <= olderAt || (!own && stopIfOwnGone)) {
                return new Outcome(youngest.getHeader(), own);
            }
            delete(store, youngest.getKvs(olderAt).getKey(), youngest.getHeader().getRevision(), cancel);
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
