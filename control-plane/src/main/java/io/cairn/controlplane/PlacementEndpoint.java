package io.cairn.controlplane;

import io.cairn.api.meta.RouteTable;
import io.cairn.api.placement.AllocateRevisionsRequest;
import io.cairn.api.placement.AllocateRevisionsResponse;
import io.cairn.api.placement.ControlPlaneStatusRequest;
import io.cairn.api.placement.ControlPlaneStatusResponse;
import io.cairn.api.placement.GetRoutesRequest;
import io.cairn.api.placement.HeartbeatResponse;
import io.cairn.api.placement.NodeHeartbeat;
import io.cairn.api.placement.PlacementGrpc;
import io.cairn.api.placement.RegisterNodeRequest;
import io.cairn.api.placement.RegisterNodeResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/** gRPC Placement service: delegates to {@link PlacementService}. */
final class PlacementEndpoint extends PlacementGrpc.PlacementImplBase {
    private final PlacementService placement;
    private final MetaRaft raft;

    PlacementEndpoint(PlacementService placement, MetaRaft raft) {
        this.placement = placement;
        this.raft = raft;
    }

    @Override
    public void registerNode(RegisterNodeRequest request, StreamObserver<RegisterNodeResponse> observer) {
        Replies.unary(() -> placement.registerNode(request), observer);
    }

    @Override
    public void heartbeat(NodeHeartbeat request, StreamObserver<HeartbeatResponse> observer) {
        Replies.unary(() -> placement.heartbeat(request), observer);
    }

    @Override
    public void getRoutes(GetRoutesRequest request, StreamObserver<RouteTable> observer) {
        Replies.unary(placement::routes, observer);
    }

    @Override
    public void watchRoutes(GetRoutesRequest request, StreamObserver<RouteTable> observer) {
        ServerCallStreamObserver<RouteTable> call = (ServerCallStreamObserver<RouteTable>) observer;
        RouteStream stream = new RouteStream(call, request.getKnownVersion(), raft);
        try {
            placement.watchRoutes(stream).whenComplete((subscription, error) -> {
                if (error != null) {
                    stream.fail(error);
                } else {
                    stream.attach(subscription);
                }
            });
        } catch (RuntimeException e) {
            stream.fail(e);
        }
    }

    @Override
    public void allocateRevisions(AllocateRevisionsRequest request,
            StreamObserver<AllocateRevisionsResponse> observer) {
        Replies.unary(() -> placement.allocateRevisions(request.getCount()), observer);
    }

    @Override
    public void controlPlaneStatus(ControlPlaneStatusRequest request,
            StreamObserver<ControlPlaneStatusResponse> observer) {
        Replies.unary(placement::status, observer);
    }
}
