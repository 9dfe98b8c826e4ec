package io.cairn.node.lease;

import io.cairn.api.shard.KvError;
import io.cairn.api.shard.KvErrorCode;
import io.cairn.api.shard.ShardError;
import io.cairn.api.shard.ShardResponse;

/** Error answers of the lease service. */
final class LeaseAnswers {
    private LeaseAnswers() {
    }

    static ShardResponse error(KvErrorCode code, String message) {
        return ShardResponse.newBuilder().setError(ShardError.newBuilder()
                .setKvError(KvError.newBuilder().setCode(code).setMessage(message))).build();
    }

    static boolean isError(ShardResponse response, KvErrorCode code) {
        return response.hasError() && response.getError().hasKvError()
                && response.getError().getKvError().getCode() == code;
    }
}
