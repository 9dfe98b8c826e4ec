package io.cairn.server.compat;

import io.cairn.api.etcdserverpb.RangeResponse;
import io.cairn.testkit.Etcdctl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One server under comparison (a real etcd or {@code cairn dev}): runs the steps of the
 * scenarios with the real etcdctl, in order, keeping each outcome raw until {@link #normalizer()}.
 */
public final class ServerSide implements AutoCloseable {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z0-9]+)(?::(\\d+))?([+-]\\d+)?}");
    private static final List<Pattern> LEASE_IDS = List.of(
            Pattern.compile("lease ([0-9a-f]+) granted"),
            Pattern.compile("\"ID\":(\\d+),\"TTL\""),
            Pattern.compile("\"ID\" : (\\d+)\n\"TTL\""));

    private final String name;
    private final String endpoint;
    private final String peerUrl;
    private final Etcdctl etcdctl;
    private final EventRevisions revisions;
    private final Pattern recipeKeys;
    private final Map<String, Long> marks = new HashMap<>();
    private final List<Long> leases = new ArrayList<>();
    private final Map<String, BackgroundEtcdctl> background = new LinkedHashMap<>();

    /**
     * {@code recipeNames}: lock and election names the scenarios use; a key {@code name/<hex>}
     * in an output names a lease (etcd's recipes key contenders by their session's lease).
     */
    public ServerSide(String name, String endpoint, String peerUrl, List<String> recipeNames) {
        this.name = name;
        this.endpoint = endpoint;
        this.peerUrl = peerUrl;
        this.etcdctl = new Etcdctl(endpoint);
        this.revisions = new EventRevisions(endpoint);
        this.recipeKeys = Pattern.compile("(?m)^(?:" + String.join("|", recipeNames) + ")/([0-9a-f]+)$");
    }

    public String name() {
        return name;
    }

    /** Does {@code step}; the outcome to compare, or null for a step that only prepares. */
    public Outcome execute(Step step) {
        return switch (step) {
            case Step.Run run -> learn(run(run));
            case Step.Mark mark -> {
                RangeResponse read = revisions.read(mark.key());
                if (read.getKvsCount() != 1) {
                    throw new IllegalStateException(name + ": cannot mark " + mark.name() + ", key " + mark.key() + " is absent");
                }
                marks.put(mark.name(), read.getKvs(0).getModRevision());
                yield null;
            }
            case Step.MarkNow now -> {
                marks.put(now.name(), revisions.read("\0").getHeader().getRevision());
                yield null;
            }
            case Step.Start start -> {
                BackgroundEtcdctl process = new BackgroundEtcdctl(endpoint, resolve(start.args()));
                background.put(start.id(), process);
                process.awaitLines(start.lines(), 15);
                yield null;
            }
            case Step.Await await -> {
                process(await.id()).awaitLines(await.lines(), 15);
                yield null;
            }
            case Step.AwaitKeys await -> {
                revisions.awaitKeys(await.prefix(), await.count());
                yield null;
            }
            case Step.Stop stop -> {
                BackgroundEtcdctl process = process(stop.id());
                background.remove(stop.id());
                yield learn(process.stop());
            }
        };
    }

    /** Waits until every write so far is known to the revision log (call before {@link #normalizer()}). */
    public void sync() {
        revisions.sync("zz-differential-sync");
    }

    Normalizer normalizer() {
        return new Normalizer(endpoint, peerUrl, leases, revisions);
    }

    private Outcome run(Step.Run run) {
        String stdin = run.stdin() == null ? null : resolve(run.stdin());
        try {
            Etcdctl.Result r = etcdctl.runWithInput(stdin, resolve(run.args()).toArray(String[]::new));
            return new Outcome(r.exitCode(), r.stdout(), r.stderr());
        } catch (IllegalStateException e) {
            return new Outcome(Outcome.TIMED_OUT, "", e.getMessage());
        }
    }

    private BackgroundEtcdctl process(String id) {
        BackgroundEtcdctl process = background.get(id);
        if (process == null) {
            throw new IllegalStateException("no background command " + id);
        }
        return process;
    }

    /** Remembers the lease ids an output reveals, in the order they appear. */
    private Outcome learn(Outcome outcome) {
        java.util.TreeMap<Integer, Long> found = new java.util.TreeMap<>();
        for (int p = 0; p < LEASE_IDS.size(); p++) {
            Matcher m = LEASE_IDS.get(p).matcher(outcome.stdout());
            while (m.find()) {
                found.put(m.start(), p == 0 ? Long.parseUnsignedLong(m.group(1), 16) : Long.parseLong(m.group(1)));
            }
        }
        Matcher keys = recipeKeys.matcher(outcome.stdout());
        while (keys.find()) {
            found.put(keys.start(), Long.parseUnsignedLong(keys.group(1), 16));
        }
        found.values().stream().filter(id -> !leases.contains(id)).forEach(leases::add);
        return outcome;
    }

    List<String> resolve(List<String> args) {
        return args.stream().map(this::resolve).toList();
    }

    String resolve(String text) {
        return PLACEHOLDER.matcher(text).replaceAll(m -> {
            long value;
            if (m.group(1).equals("lease")) {
                int index = Integer.parseInt(m.group(2));
                if (index > leases.size()) {
                    throw new IllegalStateException(name + ": no lease " + index + " yet (leases: " + leases + ")");
                }
                return Long.toHexString(leases.get(index - 1));
            }
            Long mark = marks.get(m.group(1));
            if (mark == null) {
                throw new IllegalStateException(name + ": no mark " + m.group(1));
            }
            value = mark + (m.group(3) == null ? 0 : Long.parseLong(m.group(3)));
            return Long.toString(value);
        });
    }

    @Override
    public void close() throws InterruptedException {
        for (BackgroundEtcdctl process : background.values()) {
            process.stop();
        }
        revisions.close();
    }
}
