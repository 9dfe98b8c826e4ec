package io.cairn.gateway.concurrency;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.DeleteRangeRequest;
import io.cairn.api.etcdserverpb.DeleteRangeResponse;
import io.cairn.api.etcdserverpb.ResponseHeader;
import io.cairn.api.etcdserverpb.TxnRequest;
import io.cairn.api.etcdserverpb.TxnResponse;
import io.cairn.api.v3lockpb.LockRequest;
import io.cairn.api.v3lockpb.LockResponse;
import io.cairn.api.v3lockpb.UnlockRequest;
import io.cairn.api.v3lockpb.UnlockResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd's {@code v3lock} server, i.e. {@code concurrency.Mutex} run for the caller: the
 * contender key {@code name/<lease hex>} is created with the lease (or found, when the same
 * lease locks again), then the call waits until every older key under {@code name/} is gone.
 * The key's create revision orders the waiters; ownership ends when the key is deleted
 * (Unlock, lease expiry or revoke).
 */
public final class LockCore {
    private static final Logger LOG = LoggerFactory.getLogger(LockCore.class);

    public LockResponse lock(TenantStore store, LockRequest request, Cancellation cancel) {
        long lease = Recipes.sessionLease(store, request.getLease());
        ByteString prefix = Recipes.prefix(request.getName());
        ByteString myKey = Recipes.contenderKey(prefix, lease);
        TxnResponse acquired = store.txn(TxnRequest.newBuilder()
                .addCompare(Recipes.createRevisionIs(myKey, 0))
                .addSuccess(Recipes.put(myKey, ByteString.EMPTY, lease))
                .addFailure(Recipes.get(myKey))
                .build());
        long myRevision = acquired.getSucceeded()
                ? acquired.getHeader().getRevision()
                : acquired.getResponses(0).getResponseRange().getKvs(0).getCreateRevision();
        ResponseHeader header;
        try {
            Waits.Outcome wait = Waits.deletes(store, prefix, myKey, myRevision, true, cancel);
            if (!wait.ownKeyPresent()) {
                throw new ConcurrencyException(ConcurrencyException.Reason.SESSION_EXPIRED);
            }
            // The header (the fencing token) is that of the read that saw this key alive and
            // no older one: above every revision at which an earlier holder held the lock, and
            // below the one at which this key will be deleted. (etcd checks the owner inside the
            // txn; here the check is a read after it, so a prefix spanning shards works.)
            header = wait.header();
        } catch (ConcurrencyException e) {
            if (e.reason() != ConcurrencyException.Reason.SESSION_EXPIRED) {
                release(store, myKey);
            }
            throw e;
        } catch (RuntimeException e) {
            release(store, myKey);
            throw e;
        }
        return LockResponse.newBuilder().setHeader(header).setKey(myKey).build();
    }

    public UnlockResponse unlock(TenantStore store, UnlockRequest request) {
        DeleteRangeResponse deleted = store.deleteRange(DeleteRangeRequest.newBuilder().setKey(request.getKey()).build());
        return UnlockResponse.newBuilder().setHeader(deleted.getHeader()).build();
    }

    /** As etcd's Mutex.Lock does when the wait fails or is cancelled: the waiter leaves the queue. */
    private static void release(TenantStore store, ByteString myKey) {
        try {
            store.deleteRange(DeleteRangeRequest.newBuilder().setKey(myKey).build());
        } catch (RuntimeException e) {
            LOG.warn("could not delete lock key after a failed wait; its lease will: {}", e.toString());
        }
    }
}
