package io.cairn.server;

import io.cairn.controlplane.client.PlacementClient;
import io.cairn.controlplane.client.PlacementClients;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn tenant create NAME}: a tenant (if missing) and a fresh API key, through the control plane. */
@Command(name = "tenant", mixinStandardHelpOptions = true, description = "Tenant administration.",
        subcommands = TenantCommand.Create.class)
final class TenantCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a tenant (unless it exists) and print a new API key for it (shown once).")
    static final class Create implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--plan", defaultValue = "standard")
        String plan;

        @Option(names = "--control-plane", split = ",", required = true, paramLabel = "HOST:RPC_PORT",
                description = "gRPC addresses of the control-plane replicas.")
        List<String> controlPlane;

        @Option(names = "--cluster-token-file", required = true, paramLabel = "FILE")
        Path tokenFile;

        @Option(names = "--scope", split = ",", paramLabel = "SCOPE",
                description = "What the new key may do: read, write (default: both).")
        List<String> scopes = List.of();

        @Override
        public Integer call() {
            CommonRoleOptions token = new CommonRoleOptions();
            token.clusterTokenFile = tokenFile;
            String secret = token.clusterToken(new RoleSettings("tenant", RoleFile.none()));
            try (PlacementClient placement = PlacementClients.connect(controlPlane, secret)) {
                if (placement.listTenants().stream().noneMatch(t -> t.getName().equals(name))) {
                    placement.createTenant(name, plan);
                }
                System.out.printf("tenant: %s%napi-key: %s%n", name, placement.createApiKey(name, scopes, 0).getApiKey());
            }
            return 0;
        }
    }
}
