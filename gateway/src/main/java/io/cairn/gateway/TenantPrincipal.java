package io.cairn.gateway;

import java.util.List;

/** Who a request acts for: always a single tenant, taken only from the credential. */
record TenantPrincipal(long tenantId, String tenantName, List<String> scopes) {

    TenantPrincipal {
        if (tenantId == 0 || tenantId == -1L) {
            throw new IllegalArgumentException("tenant id " + Long.toUnsignedString(tenantId) + " is reserved");
        }
        scopes = List.copyOf(scopes);
    }
}
