package io.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.shard.KvErrorCode;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ErrorMapperTest {

    static List<Arguments> kvCodes() {
        return List.of(
                Arguments.of(KvErrorCode.COMPACTED, Status.Code.OUT_OF_RANGE,
                        "etcdserver: mvcc: required revision has been compacted", 400),
                Arguments.of(KvErrorCode.FUTURE_REVISION, Status.Code.OUT_OF_RANGE,
                        "etcdserver: mvcc: required revision is a future revision", 400),
                Arguments.of(KvErrorCode.DUPLICATE_KEY, Status.Code.INVALID_ARGUMENT,
                        "etcdserver: duplicate key given in txn request", 400),
                Arguments.of(KvErrorCode.LEASE_NOT_FOUND, Status.Code.NOT_FOUND,
                        "etcdserver: requested lease not found", 404),
                Arguments.of(KvErrorCode.KEY_NOT_FOUND, Status.Code.INVALID_ARGUMENT, "etcdserver: key not found", 400),
                Arguments.of(KvErrorCode.TOO_MANY_OPS, Status.Code.INVALID_ARGUMENT,
                        "etcdserver: too many operations in txn request", 400),
                Arguments.of(KvErrorCode.REQUEST_TOO_LARGE, Status.Code.INVALID_ARGUMENT,
                        "etcdserver: request is too large", 400),
                Arguments.of(KvErrorCode.EMPTY_KEY, Status.Code.INVALID_ARGUMENT, "etcdserver: key is not provided", 400),
                Arguments.of(KvErrorCode.VALUE_PROVIDED, Status.Code.INVALID_ARGUMENT, "etcdserver: value is provided", 400),
                Arguments.of(KvErrorCode.LEASE_PROVIDED, Status.Code.INVALID_ARGUMENT, "etcdserver: lease is provided", 400),
                Arguments.of(KvErrorCode.TIMEOUT, Status.Code.UNAVAILABLE, "etcdserver: request timed out", 503),
                Arguments.of(KvErrorCode.NO_LEADER, Status.Code.UNAVAILABLE, "etcdserver: no leader", 503));
    }

    @ParameterizedTest
    @MethodSource("kvCodes")
    void kvErrorsMapToEtcdsStatusMessageAndHttpStatus(KvErrorCode code, Status.Code grpc, String message, int http) {
        GatewayException e = GatewayException.kv(code);
        Status status = ErrorMapper.toGrpc(e).getStatus();
        assertThat(status.getCode()).isEqualTo(grpc);
        assertThat(status.getDescription()).isEqualTo(message);
        assertThat(ErrorMapper.toHttp(e)).isEqualTo(new HttpProblem(http, grpc.value(), message));
    }

    @Test
    void invalidArgumentAndInternalCarryTheirDetail() {
        var invalid = ErrorMapper.toGrpc(new GatewayException(new GatewayError.Kv(KvErrorCode.INVALID_ARGUMENT, "bad x")));
        assertThat(invalid.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(invalid.getStatus().getDescription()).isEqualTo("bad x");
        var internal = ErrorMapper.toGrpc(new GatewayException(new GatewayError.Kv(KvErrorCode.INTERNAL, "boom")));
        assertThat(internal.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
    }

    @Test
    void authAndRequestErrors() {
        assertThat(ErrorMapper.toHttp(new GatewayException(new GatewayError.AuthFailed()))).isEqualTo(new HttpProblem(
                400, 3, "etcdserver: authentication failed, invalid user ID or password"));
        assertThat(ErrorMapper.toHttp(new GatewayException(new GatewayError.InvalidToken())))
                .isEqualTo(new HttpProblem(401, 16, "etcdserver: invalid auth token"));
        assertThat(ErrorMapper.toHttp(new GatewayException(new GatewayError.Unauthenticated("nope"))))
                .isEqualTo(new HttpProblem(401, 16, "nope"));
        assertThat(ErrorMapper.toHttp(new GatewayException(new GatewayError.Malformed("bad json"))))
                .isEqualTo(new HttpProblem(400, 3, "bad json"));
        assertThat(ErrorMapper.toHttp(new GatewayException(new GatewayError.PermissionDenied())))
                .isEqualTo(new HttpProblem(403, 7, "etcdserver: permission denied"));
        assertThat(ErrorMapper.toHttp(new GatewayException(new GatewayError.CrossShard("txn", "transactions",
                List.of(2L, 3L))))).isEqualTo(new HttpProblem(400, 9,
                "cairn: txn spans shards 2 and 3; cross-shard transactions are not supported yet"));
    }

    @Test
    void unexpectedExceptionsBecomeInternalAndControlPlaneOutagesUnavailable() {
        assertThat(ErrorMapper.toGrpc(new IllegalStateException("x")).getStatus().getCode())
                .isEqualTo(Status.Code.INTERNAL);
        var down = new io.cairn.controlplane.client.ControlPlaneUnavailableException("no leader", null);
        assertThat(ErrorMapper.toGrpc(new java.util.concurrent.CompletionException(down)).getStatus().getCode())
                .isEqualTo(Status.Code.UNAVAILABLE);
    }
}
