package io.cairn.server;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The table {@code cluster up} prints: what runs where. */
final class ClusterTable {
    private ClusterTable() {
    }

    static void print(PrintStream out, ClusterManifest manifest) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ROLE", "NAME", "PID", "ADDRESSES", "DATA DIR"});
        for (ClusterMember m : manifest.members()) {
            List<String> addresses = new ArrayList<>();
            for (String kind : List.of("client", "raft", "rpc")) {
                if (!m.address(kind).isEmpty()) {
                    addresses.add(kind + "=" + m.address(kind));
                }
            }
            rows.add(new String[] {m.role(), m.name(), Long.toString(m.pid()), String.join(" ", addresses), m.dataDir()});
        }
        int[] widths = new int[5];
        rows.forEach(r -> {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        });
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < r.length; i++) {
                line.append(i == r.length - 1 ? r[i] : String.format("%-" + (widths[i] + 2) + "s", r[i]));
            }
            out.println(line);
        }
    }
}
