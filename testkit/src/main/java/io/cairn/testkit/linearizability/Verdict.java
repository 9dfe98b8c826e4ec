package io.cairn.testkit.linearizability;

/** The checker's answer. */
public sealed interface Verdict {

    /** Every partition has a linearization. */
    record Ok(int partitions, int operations) implements Verdict {
    }

    /** Some partition has none; the report names the smallest such partition found. */
    record Illegal(Report report) implements Verdict {
        @Override
        public String toString() {
            return "Illegal\n" + report;
        }
    }

    /** The time budget ran out before a partition was decided. */
    record Unknown(String reason) implements Verdict {
    }
}
