package io.cairn.gateway;

import io.cairn.api.v3lockpb.LockRequest;
import io.cairn.api.v3lockpb.UnlockRequest;
import io.cairn.gateway.concurrency.Cancellation;
import io.cairn.gateway.concurrency.LockCore;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

/**
 * etcd's JSON gateway for {@code v3lockpb.Lock}: {@code POST /v3/lock/lock} (answers once the
 * lock is held) and {@code POST /v3/lock/unlock}, bodies and answers as etcd's (base64 keys).
 */
final class LockJsonService implements HttpService {
    private final HttpFront http;
    private final LockCore locks;
    private final TenantStores stores;

    LockJsonService(HttpFront http, LockCore locks, TenantStores stores) {
        this.http = http;
        this.locks = locks;
        this.stores = stores;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/v3/lock/lock", JsonUnary.of(http, LockRequest::newBuilder,
                        (TenantPrincipal tenant, LockRequest request) ->
                                locks.lock(stores.of(tenant), request, new Cancellation())))
                .post("/v3/lock/unlock", JsonUnary.of(http, UnlockRequest::newBuilder,
                        (TenantPrincipal tenant, UnlockRequest request) -> locks.unlock(stores.of(tenant), request)));
    }
}
