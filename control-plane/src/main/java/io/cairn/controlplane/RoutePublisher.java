package io.cairn.controlplane;

import io.cairn.api.meta.RouteTable;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicReference;

/** Holds the newest route table and pushes each new version to the subscribers. */
final class RoutePublisher {

    /** A follower of the route table (one WatchRoutes stream). */
    interface Subscriber {
        void onRoutes(RouteTable table);

        /** This replica stopped leading; the subscriber should go to the new leader. */
        void onLeadershipLost();
    }

    /** Ends one subscription. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    private final AtomicReference<RouteTable> current = new AtomicReference<>(RouteTable.getDefaultInstance());
    private final Set<Subscriber> subscribers = new CopyOnWriteArraySet<>();

    RouteTable current() {
        return current.get();
    }

    /** Called (on the apply thread) with every new version. */
    void publish(RouteTable table) {
        current.set(table);
        subscribers.forEach(s -> s.onRoutes(table));
    }

    Subscription subscribe(Subscriber subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    void leadershipLost() {
        subscribers.forEach(Subscriber::onLeadershipLost);
        subscribers.clear();
    }
}
