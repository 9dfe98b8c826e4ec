package io.cairn.server.compat;

import java.util.function.UnaryOperator;

/** A deliberate difference from etcd, documented at {@link #citation()}: what Cairn must do instead. */
public sealed interface Documented {
    String citation();

    /** Whether Cairn's normalized outcome is the documented one, given etcd's. */
    boolean accepts(Outcome etcd, Outcome cairn);

    /** The documented outcome, for the report. */
    String expected(Outcome etcd);

    /** Cairn answers etcd's outcome changed by {@code change}, exactly. */
    record Changed(String citation, UnaryOperator<Outcome> change) implements Documented {
        @Override
        public boolean accepts(Outcome etcd, Outcome cairn) {
            return change.apply(etcd).equals(cairn);
        }

        @Override
        public String expected(Outcome etcd) {
            return change.apply(etcd).toString();
        }
    }

    /** Cairn refuses: etcdctl fails and reports the gRPC {@code code} with a message starting {@code message}. */
    record Refused(String citation, String code, String message) implements Documented {
        @Override
        public boolean accepts(Outcome etcd, Outcome cairn) {
            return cairn.exit() != 0 && cairn.stderr().contains("code = " + code + " desc = " + message);
        }

        @Override
        public String expected(Outcome etcd) {
            return "a non-zero exit, stderr with \"code = " + code + " desc = " + message + "...\"";
        }
    }
}
