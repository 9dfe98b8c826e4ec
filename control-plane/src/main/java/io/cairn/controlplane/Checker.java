package io.cairn.controlplane;

import io.cairn.api.meta.Operator;
import java.util.List;

/**
 * One checker or scheduler: looks at a round's {@link ClusterSnapshot} and proposes operators
 * for shards that are not busy. It calls {@link ClusterSnapshot#plan} for each operator it
 * returns, so later decisions in the round see their effect.
 */
interface Checker {
    List<Operator> check(ClusterSnapshot snapshot);
}
