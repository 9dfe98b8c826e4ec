package io.cairn.testkit.history;

import java.util.List;
import java.util.Objects;

/** What the client saw come back. {@link Unknown} means the operation may or may not have happened. */
public sealed interface KvOutput {

    record PutResult(long revision) implements KvOutput {
    }

    /**
     * A single-key read. {@code value} is null when the key is absent (then modRevision and version
     * are 0). {@code version} 0 on a present key means "not recorded" and is not checked.
     */
    record GetResult(String value, long modRevision, long version, long headerRevision) implements KvOutput {
        public static GetResult absent(long headerRevision) {
            return new GetResult(null, 0, 0, headerRevision);
        }

        public static GetResult of(String value, long modRevision, long headerRevision) {
            return new GetResult(Objects.requireNonNull(value), modRevision, 0, headerRevision);
        }

        public boolean present() {
            return value != null;
        }
    }

    /** A prefix read: the keys found, in any order. */
    record RangeResult(List<KeyValue> kvs, long headerRevision) implements KvOutput {
        public RangeResult {
            kvs = List.copyOf(kvs);
        }
    }

    /** {@code revision} is the delete's revision when it deleted a key, else the header revision. */
    record DeleteResult(long deleted, long revision) implements KvOutput {
    }

    /** {@code revision} is the write's revision when it succeeded, else the header revision. */
    record TxnResult(boolean succeeded, long revision) implements KvOutput {
    }

    /** A definite failure: the operation did not take effect (e.g. rejected before it was proposed). */
    record Failure(String error) implements KvOutput {
    }

    /** No answer (timeout, connection lost): the operation may have taken effect, at any later time. */
    record Unknown(String reason) implements KvOutput {
    }

    record KeyValue(String key, String value, long modRevision, long version) {
        public KeyValue {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }
}
