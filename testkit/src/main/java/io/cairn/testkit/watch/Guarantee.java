package io.cairn.testkit.watch;

/** etcd's watch guarantees (https://etcd.io/docs/v3.5/learning/api_guarantees/#watch-apis), plus validity. */
public enum Guarantee {
    /** Events are delivered in revision order, and events of one revision in commit order. */
    ORDERED,
    /** No event is delivered twice on a stream. */
    UNIQUE,
    /** All events of one revision arrive together in one response. */
    ATOMIC,
    /** A progress notification at revision h is never followed by an event at or below h. */
    BOOKMARKABLE,
    /** No event of the watched range is skipped between the first and the last revision delivered. */
    RELIABLE,
    /** A watch started at revision r begins with the first event at or after r, never before it, never repeating. */
    RESUMABLE,
    /** Every delivered event is a write that happened, with that revision, key and value. */
    VALID
}
