package io.cairn.server.compat;

import java.util.List;

/** A named etcdctl session: its steps run in order on each server. */
public record Scenario(String name, List<Step> steps) {
    public static Scenario of(String name, Step... steps) {
        return new Scenario(name, List.of(steps));
    }
}
