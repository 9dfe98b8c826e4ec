package io.cairn.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one binary: {@code cairn dev}, the cluster roles, and {@code cairn cluster up/down}. */
@Command(name = "cairn",
        mixinStandardHelpOptions = true,
        version = "cairn 0.1.0",
        description = "Cairn: an etcd-compatible, multi-tenant key-value service.",
        subcommands = {DevCommand.class, ControlPlaneRoleCommand.class, NodeRoleCommand.class,
                GatewayRoleCommand.class, ClusterCommand.class, TenantCommand.class, CtlCommand.class,
                RobustnessCommand.class})
public final class Main {

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException) {
                cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage());
                return 2;
            }
            throw e;
        });
        int exit = commandLine.execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }
}
