package io.cairn.node.mvcc;

import io.cairn.api.shard.KvError;
import io.cairn.api.shard.KvErrorCode;
import io.cairn.api.shard.ShardError;
import io.cairn.api.shard.ShardResponse;

/** A KV error raised while executing a command; becomes a ShardResponse with a KvError. */
final class KvException extends RuntimeException {

    private final KvErrorCode code;

    KvException(KvErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    KvErrorCode code() {
        return code;
    }

    ShardResponse toResponse() {
        return response(code, getMessage());
    }

    static ShardResponse response(KvErrorCode code, String message) {
        KvError error = KvError.newBuilder().setCode(code).setMessage(message).build();
        return ShardResponse.newBuilder().setError(ShardError.newBuilder().setKvError(error)).build();
    }

    static KvException futureRevision() {
        return new KvException(KvErrorCode.FUTURE_REVISION, "etcdserver: mvcc: required revision is a future revision");
    }

    static KvException compacted() {
        return new KvException(KvErrorCode.COMPACTED, "etcdserver: mvcc: required revision has been compacted");
    }
}
