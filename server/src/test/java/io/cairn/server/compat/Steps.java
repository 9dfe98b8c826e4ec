package io.cairn.server.compat;

import java.util.List;
import java.util.function.UnaryOperator;

/** Short names for the steps of a scenario. */
public final class Steps {
    private Steps() {
    }

    /** {@code etcdctl args...}, compared. */
    public static Step run(String... args) {
        return new Step.Run(List.of(args), null, null);
    }

    /** {@code etcdctl args...} with {@code stdin}, compared. */
    public static Step input(String stdin, String... args) {
        return new Step.Run(List.of(args), stdin, null);
    }

    /** {@code etcdctl args...}; Cairn must answer etcd's outcome changed as documented at {@code citation}. */
    public static Step documented(String citation, UnaryOperator<Outcome> expectation, String... args) {
        return new Step.Run(List.of(args), null, new Documented.Changed(citation, expectation));
    }

    /** As {@link #documented}, with {@code stdin}. */
    public static Step documentedInput(String citation, UnaryOperator<Outcome> expectation, String stdin, String... args) {
        return new Step.Run(List.of(args), stdin, new Documented.Changed(citation, expectation));
    }

    /** {@code etcdctl args...}; Cairn must refuse it as documented at {@code citation}. */
    public static Step refused(String citation, String code, String message, String... args) {
        return new Step.Run(List.of(args), null, new Documented.Refused(citation, code, message));
    }

    public static Step mark(String name, String key) {
        return new Step.Mark(name, key);
    }

    public static Step markNow(String name) {
        return new Step.MarkNow(name);
    }

    public static Step start(String id, int lines, String... args) {
        return new Step.Start(id, List.of(args), lines);
    }

    public static Step await(String id, int lines) {
        return new Step.Await(id, lines);
    }

    public static Step awaitKeys(String prefix, int count) {
        return new Step.AwaitKeys(prefix, count);
    }

    public static Step stop(String id) {
        return new Step.Stop(id, null);
    }
}
