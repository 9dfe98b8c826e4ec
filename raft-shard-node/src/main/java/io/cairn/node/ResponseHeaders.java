package io.cairn.node;

import io.cairn.api.etcdserverpb.ResponseHeader;
import io.cairn.api.shard.ShardResponse;

/** Fills the Raft fields of an etcd response header; the store fills the revision. */
final class ResponseHeaders {
    private ResponseHeaders() {
    }

    static ShardResponse stamp(ShardResponse response, long raftTerm, long memberId) {
        ShardResponse.Builder b = response.toBuilder();
        switch (response.getResultCase()) {
            case RANGE -> b.getRangeBuilder().setHeader(stamp(b.getRange().getHeader(), raftTerm, memberId));
            case PUT -> b.getPutBuilder().setHeader(stamp(b.getPut().getHeader(), raftTerm, memberId));
            case DELETE_RANGE -> b.getDeleteRangeBuilder()
                    .setHeader(stamp(b.getDeleteRange().getHeader(), raftTerm, memberId));
            case TXN -> b.getTxnBuilder().setHeader(stamp(b.getTxn().getHeader(), raftTerm, memberId));
            case COMPACT -> b.getCompactBuilder().setHeader(stamp(b.getCompact().getHeader(), raftTerm, memberId));
            case LEASE_GRANT -> b.getLeaseGrantBuilder()
                    .setHeader(stamp(b.getLeaseGrant().getHeader(), raftTerm, memberId));
            case LEASE_REVOKE -> b.getLeaseRevokeBuilder()
                    .setHeader(stamp(b.getLeaseRevoke().getHeader(), raftTerm, memberId));
            case LEASE_KEEP_ALIVE -> b.getLeaseKeepAliveBuilder()
                    .setHeader(stamp(b.getLeaseKeepAlive().getHeader(), raftTerm, memberId));
            case LEASE_TIME_TO_LIVE -> b.getLeaseTimeToLiveBuilder()
                    .setHeader(stamp(b.getLeaseTimeToLive().getHeader(), raftTerm, memberId));
            case LEASE_LEASES -> b.getLeaseLeasesBuilder()
                    .setHeader(stamp(b.getLeaseLeases().getHeader(), raftTerm, memberId));
            case ERROR, RESULT_NOT_SET -> {
                return response;
            }
        }
        return b.build();
    }

    private static ResponseHeader stamp(ResponseHeader header, long raftTerm, long memberId) {
        return header.toBuilder().setRaftTerm(raftTerm).setMemberId(memberId).build();
    }
}
