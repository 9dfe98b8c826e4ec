package io.cairn.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one binary: {@code cairn dev} today; the cluster roles join it as they land. */
@Command(name = "cairn",
        mixinStandardHelpOptions = true,
        version = "cairn 0.1.0",
        description = "Cairn: an etcd-compatible, multi-tenant key-value service.",
        subcommands = {DevCommand.class, RobustnessCommand.class})
public final class Main {

    public static void main(String[] args) {
        int exit = new CommandLine(new Main()).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }
}
