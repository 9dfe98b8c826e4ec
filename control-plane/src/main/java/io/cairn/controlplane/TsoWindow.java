package io.cairn.controlplane;

/** Revisions {@code first..last} (inclusive) that a committed TSO advance made available. */
record TsoWindow(long first, long last) {
}
