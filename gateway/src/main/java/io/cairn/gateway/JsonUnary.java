package io.cairn.gateway;

import com.google.protobuf.Message;
import io.helidon.webserver.http.Handler;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * One etcd JSON-gateway route answering one message: authenticate, parse the body into the
 * request message, run the operation for the caller's tenant, print the answer (or etcd's
 * error body).
 */
final class JsonUnary {
    private JsonUnary() {
    }

    static <Q extends Message> Handler of(HttpFront http, Supplier<Message.Builder> builder,
                                          BiFunction<TenantPrincipal, Q, ? extends Message> operation) {
        return (req, res) -> {
            try {
                HttpFront.Accepted<Q> call = http.accept(req, builder.get());
                http.sendJson(res, 200, ProtoJson.print(operation.apply(call.tenant(), call.request())));
            } catch (RuntimeException e) {
                http.sendError(res, e, false);
            }
        };
    }
}
