package io.cairn.testkit.robustness;

import io.cairn.testkit.fault.ProxyMode;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/** The faults a run can draw, by the names {@code --fault} accepts. */
public enum FaultKind {
    NONE, KILL, SIGSTOP, BLACKHOLE, DELAY, DROP;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FaultKind parse(String name) {
        return Arrays.stream(values()).filter(k -> k.cliName().equals(name.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown fault '" + name + "'; one of "
                        + Arrays.stream(values()).map(FaultKind::cliName).toList()));
    }

    /** This kind with its parameters drawn from {@code random}. */
    Fault draw(Random random) {
        return switch (this) {
            case NONE -> new Fault.None();
            case KILL -> new Fault.KillRestart();
            case SIGSTOP -> new Fault.Pause(Duration.ofMillis(1000 + random.nextInt(2001)));
            case BLACKHOLE -> new Fault.Proxy(ProxyMode.blackhole(), Duration.ofSeconds(2));
            case DELAY -> new Fault.Proxy(ProxyMode.delay(10, 80), Duration.ofMillis(2000 + random.nextInt(3001)));
            case DROP -> new Fault.Proxy(ProxyMode.dropConnections(), Duration.ofMillis(200 + random.nextInt(801)));
        };
    }
}
