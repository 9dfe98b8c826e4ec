package io.cairn.gateway;

import io.cairn.api.etcdserverpb.AlarmRequest;
import io.cairn.api.etcdserverpb.AlarmResponse;
import io.cairn.api.etcdserverpb.MaintenanceGrpc;
import io.cairn.api.etcdserverpb.StatusRequest;
import io.cairn.api.etcdserverpb.StatusResponse;
import io.grpc.stub.StreamObserver;

/** etcd's {@code Maintenance} service: {@code Status} and {@code Alarm}. */
final class MaintenanceGrpcService extends MaintenanceGrpc.MaintenanceImplBase {
    private final ClusterCore core;

    MaintenanceGrpcService(ClusterCore core) {
        this.core = core;
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> observer) {
        GrpcUnary.answer(observer, core::status);
    }

    @Override
    public void alarm(AlarmRequest request, StreamObserver<AlarmResponse> observer) {
        GrpcUnary.answer(observer, () -> core.alarm(request));
    }
}
