package io.cairn.controlplane.admin;

import io.cairn.api.meta.NodeState;
import io.cairn.api.meta.OperatorKind;
import io.cairn.api.meta.OperatorState;

/** Enum values as the admin views spell them: without their proto prefixes. */
final class States {
    private States() {
    }

    static String node(NodeState state) {
        return switch (state) {
            case NODE_UP -> "UP";
            case NODE_DOWN -> "DOWN";
            case NODE_DRAINING -> "DRAINING";
            case NODE_REMOVED -> "REMOVED";
            case NODE_STATE_UNSPECIFIED, UNRECOGNIZED -> "UNKNOWN";
        };
    }

    static String operator(OperatorState state) {
        return switch (state) {
            case OPERATOR_RUNNING -> "RUNNING";
            case OPERATOR_SUCCEEDED -> "SUCCEEDED";
            case OPERATOR_CANCELLED -> "CANCELLED";
            case OPERATOR_TIMED_OUT -> "TIMED_OUT";
            case OPERATOR_STATE_UNSPECIFIED, UNRECOGNIZED -> "UNKNOWN";
        };
    }

    static String kind(OperatorKind kind) {
        return kind == OperatorKind.UNRECOGNIZED ? "UNKNOWN" : kind.name();
    }
}
