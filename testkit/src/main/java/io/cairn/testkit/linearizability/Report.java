package io.cairn.testkit.linearizability;

import java.util.List;
import java.util.Locale;

/**
 * Why a partition is not linearizable: the longest prefix that could be linearized, in order, and the
 * operations that could not be placed after it (the one whose return came first is {@code blocking}).
 * Times are in milliseconds from the first call of the partition; a pending return is "?".
 */
public record Report(String partition, int operations, List<Line> longestPrefix, List<Line> notLinearized,
                     Line blocking, String note) {

    public Report {
        longestPrefix = List.copyOf(longestPrefix);
        notLinearized = List.copyOf(notLinearized);
    }

    /** One operation as printed in a report. */
    public record Line(int id, int clientId, double invokeMs, Double returnMs, String description) {
        @Override
        public String toString() {
            String ret = returnMs == null ? "?" : String.format(Locale.ROOT, "%.3f", returnMs);
            return String.format(Locale.ROOT, "#%d client %d [%.3f ms .. %s ms] %s", id, clientId, invokeMs, ret,
                    description);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("partition ").append(partition).append(" (").append(operations).append(" operations)")
                .append(" is not linearizable");
        if (note != null && !note.isEmpty()) {
            sb.append(": ").append(note);
        }
        if (longestPrefix.isEmpty()) {
            sb.append("\n  longest linearizable prefix: none\n");
        } else {
            sb.append("\n  longest linearizable prefix (").append(longestPrefix.size()).append(" ops):\n");
            longestPrefix.forEach(l -> sb.append("    ").append(l).append('\n'));
        }
        if (blocking != null) {
            sb.append("  cannot linearize before it returns:\n    ").append(blocking).append('\n');
        }
        sb.append("  operations that could not be placed next:\n");
        notLinearized.forEach(l -> sb.append("    ").append(l).append('\n'));
        return sb.toString();
    }
}
