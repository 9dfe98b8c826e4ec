package io.cairn.server;

import io.cairn.controlplane.client.ControlPlaneUnavailableException;
import io.cairn.controlplane.client.PlacementClient;
import io.cairn.controlplane.client.PlacementClients;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One {@code cairn ctl} invocation: connects to the control plane, runs the verb, and turns
 * what can go wrong (unreachable, wrong token, refused request) into one line on stderr and
 * exit code 1.
 */
final class CtlSession {
    static final Duration CALL_DEADLINE = Duration.ofSeconds(20);

    /** What a verb does with the connection; returns the exit code. */
    interface Verb {
        int run(PlacementClient placement) throws InterruptedException;
    }

    private CtlSession() {
    }

    static int run(CtlTarget target, PrintStream err, Verb verb) throws InterruptedException {
        // the client's own logs (warnings also on stderr) go to the temp dir, not to ./cairn.log
        Logging.init(Path.of(System.getProperty("java.io.tmpdir"), "cairn-ctl"));
        CtlTarget.Resolved resolved = target.resolve();
        try (PlacementClient placement = PlacementClients.connect(resolved.addresses(), resolved.token(), CALL_DEADLINE)) {
            return verb.run(placement);
        } catch (ControlPlaneUnavailableException e) {
            err.printf("cairn ctl: cannot reach the control plane at %s (from %s): %s%n",
                    String.join(",", resolved.addresses()), resolved.source(), e.getMessage());
            return 1;
        } catch (StatusRuntimeException e) {
            err.println("cairn ctl: " + describe(e.getStatus(), resolved));
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("cairn ctl: " + e.getMessage());
            return 1;
        }
    }

    private static String describe(Status status, CtlTarget.Resolved resolved) {
        return switch (status.getCode()) {
            case UNAUTHENTICATED -> "the control plane at " + String.join(",", resolved.addresses())
                    + " refused the cluster token (from " + resolved.source() + ")";
            case NOT_FOUND, INVALID_ARGUMENT, FAILED_PRECONDITION, ALREADY_EXISTS -> status.getDescription();
            default -> status.getCode() + ": " + status.getDescription();
        };
    }
}
