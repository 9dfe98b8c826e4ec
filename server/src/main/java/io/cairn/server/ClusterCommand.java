package io.cairn.server;

import picocli.CommandLine.Command;

/** {@code cairn cluster}: a local multi-process cluster on loopback. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Run a local multi-process cluster on 127.0.0.1.",
        subcommands = {ClusterUpCommand.class, ClusterDownCommand.class, ClusterAddNodeCommand.class})
final class ClusterCommand {
}
