package io.cairn.server.compat;

import java.util.List;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites what must differ between two servers that saw the same commands, and nothing else:
 * addresses, log timestamps, client ids, durations, member and cluster ids, raft terms and
 * indexes, db sizes, a fresh lease's remaining TTL (within 5 s of its granted TTL: the steps take
 * time), lease ids (each server's i-th lease becomes {@code <lease-i>}), and
 * revisions, which become their rank among the revisions that changed the keyspace
 * ({@code r<k>}, see {@link EventRevisions}).
 */
final class Normalizer {
    private static final Pattern LOG_TIME = Pattern.compile("\"ts\":\"[^\"]*\"");
    private static final Pattern CLIENT_ID = Pattern.compile("client-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern DURATION = Pattern.compile("took = [0-9.]+[a-zµ]+");
    private static final Pattern JSON_DURATION = Pattern.compile("\"took\":\"[0-9.]+[a-zµ]+\"");
    private static final Pattern JSON_IDS = Pattern.compile("\"(cluster_id|member_id|raft_term|ID)\":(\\d+)");
    private static final Pattern STATUS_JSON = Pattern.compile(
            "\"(dbSize|dbSizeInUse|leader|raftIndex|raftTerm|raftAppliedIndex)\":(\\d+)");
    private static final Pattern FIELD_IDS = Pattern.compile("\"(ClusterID|MemberID|RaftTerm)\" : (\\d+)");
    private static final Pattern JSON_REVISION =
            Pattern.compile("\"(revision|create_revision|mod_revision|compact_revision|CompactRevision)\":(\\d+)");
    private static final Pattern FIELD_REVISION = Pattern.compile(
            "\"(Revision|CreateRevision|ModRevision|PrevCreateRevision|PrevModRevision)\" : (\\d+)");
    private static final Pattern COMPACTED = Pattern.compile("compacted revision (\\d+)");
    private static final Pattern MEMBER_LINE = Pattern.compile("(?m)^[0-9a-f]+, (started|unstarted), ");
    private static final Pattern STATUS_LINE = Pattern.compile(
            "(?m)^((?:http://)?<endpoint>), [0-9a-f]+, ([^,]+), [0-9.]+ [kMGT]?B, (true|false), (true|false), \\d+, \\d+, \\d+, ");

    /** A lease's remaining TTL depends on how long the steps took; within {@link #TTL_SLACK} s of its granted TTL is "fresh". */
    private static final Pattern REMAINING = Pattern.compile("granted with TTL\\((\\d+)s\\), remaining\\((\\d+)s\\)");
    private static final Pattern JSON_TTL = Pattern.compile("\"ttl\":(\\d+),\"granted-ttl\":(\\d+)");
    private static final int TTL_SLACK = 5;

    private final String endpoint;
    private final String peerUrl;
    private final List<Long> leases;
    private final EventRevisions revisions;

    /** {@code peerUrl} may be null (Cairn's gateway has none). */
    Normalizer(String endpoint, String peerUrl, List<Long> leases, EventRevisions revisions) {
        this.endpoint = endpoint;
        this.peerUrl = peerUrl;
        this.leases = List.copyOf(leases);
        this.revisions = revisions;
    }

    Outcome apply(Outcome outcome) {
        return new Outcome(outcome.exit(), text(outcome.stdout()), text(outcome.stderr()));
    }

    String text(String raw) {
        String s = raw.replace(endpoint, "<endpoint>");
        if (peerUrl != null) {
            s = s.replace(peerUrl, "<peer-url>");
        }
        s = LOG_TIME.matcher(s).replaceAll("\"ts\":\"<ts>\"");
        s = CLIENT_ID.matcher(s).replaceAll("client-<uuid>");
        s = DURATION.matcher(s).replaceAll("took = <duration>");
        s = JSON_DURATION.matcher(s).replaceAll("\"took\":\"<duration>\"");
        for (int i = 0; i < leases.size(); i++) {
            long id = leases.get(i);
            String label = "<lease-" + (i + 1) + ">";
            for (String form : List.of(Long.toString(id), String.format("%016x", id), Long.toHexString(id))) {
                s = s.replaceAll("(?<![0-9a-zA-Z])" + form + "(?![0-9a-zA-Z])", label);
            }
        }
        s = replace(REMAINING, s, m -> "granted with TTL(" + m.group(1) + "s), remaining("
                + remaining(Long.parseLong(m.group(2)), Long.parseLong(m.group(1)), "s") + ")");
        s = replace(JSON_TTL, s, m -> "\"ttl\":" + remaining(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), "")
                + ",\"granted-ttl\":" + m.group(2));
        s = replace(JSON_IDS, s, m -> "\"" + m.group(1) + "\":<" + m.group(1) + ">");
        s = replace(STATUS_JSON, s, m -> "\"" + m.group(1) + "\":<" + m.group(1) + ">");
        s = replace(FIELD_IDS, s, m -> "\"" + m.group(1) + "\" : <" + m.group(1) + ">");
        s = replace(JSON_REVISION, s, m -> "\"" + m.group(1) + "\":r" + rank(m.group(2)));
        s = replace(FIELD_REVISION, s, m -> "\"" + m.group(1) + "\" : r" + rank(m.group(2)));
        s = replace(COMPACTED, s, m -> "compacted revision r" + rank(m.group(1)));
        s = replace(MEMBER_LINE, s, m -> "<member-id>, " + m.group(1) + ", ");
        s = replace(STATUS_LINE, s, m -> m.group(1) + ", <member-id>, " + m.group(2) + ", <db-size>, " + m.group(3) + ", "
                + m.group(4) + ", <raft-term>, <raft-index>, <raft-applied-index>, ");
        return s;
    }

    /** {@code <fresh>} for a lease that lost at most {@link #TTL_SLACK} s to the steps' own time, else the number and unit. */
    private static String remaining(long remaining, long granted, String unit) {
        return remaining <= granted && granted - remaining <= TTL_SLACK ? "<fresh>" : remaining + unit;
    }

    private int rank(String revision) {
        return revisions.rank(Long.parseLong(revision));
    }

    private static String replace(Pattern pattern, String s, Function<MatchResult, String> replacement) {
        return pattern.matcher(s).replaceAll(m -> Matcher.quoteReplacement(replacement.apply(m)));
    }
}
