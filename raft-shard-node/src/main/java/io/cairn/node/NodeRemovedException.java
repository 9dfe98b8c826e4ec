package io.cairn.node;

import io.grpc.Status;

/**
 * The control plane refused this node because an operator removed it from the cluster
 * ({@code cairn ctl remove}): ids are never reused, so it must stop; joining again takes an empty
 * data directory (a new node, a new id), as with a removed etcd member.
 */
public final class NodeRemovedException extends IllegalStateException {

    NodeRemovedException(String message) {
        super(message);
    }

    /** True for the control plane's answer to a removed node's registration or heartbeat. */
    static boolean isRemoval(Throwable e) {
        return Status.fromThrowable(e).getCode() == Status.Code.FAILED_PRECONDITION;
    }

    static NodeRemovedException of(Throwable e) {
        String description = Status.fromThrowable(e).getDescription();
        return new NodeRemovedException(description == null ? "this node was removed from the cluster" : description);
    }
}
