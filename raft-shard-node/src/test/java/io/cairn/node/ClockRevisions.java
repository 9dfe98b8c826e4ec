package io.cairn.node;

/**
 * Test timestamp oracle: revisions from the wall clock in microseconds, strictly increasing
 * within a process. Processes on one machine share the clock, so a leader elected after an
 * election timeout hands out revisions above any its predecessor did.
 */
final class ClockRevisions {
    private long last;

    synchronized long take(int count) {
        long first = Math.max(last + 1, System.currentTimeMillis() * 1000);
        last = first + count - 1;
        return first;
    }
}
