package io.cairn.gateway.watch;

import io.cairn.api.etcdserverpb.WatchCreateRequest;
import io.cairn.api.mvccpb.Event;
import java.util.List;

/** etcd's watch filters: NOPUT drops puts, NODELETE drops deletes. */
record EventFilter(boolean noPut, boolean noDelete) {

    static EventFilter of(WatchCreateRequest request) {
        boolean noPut = false;
        boolean noDelete = false;
        for (int value : request.getFiltersValueList()) {
            noPut |= value == WatchCreateRequest.FilterType.NOPUT_VALUE;
            noDelete |= value == WatchCreateRequest.FilterType.NODELETE_VALUE;
        }
        return new EventFilter(noPut, noDelete);
    }

    boolean passes(Event event) {
        return switch (event.getType()) {
            case PUT -> !noPut;
            case DELETE -> !noDelete;
            case UNRECOGNIZED -> true;
        };
    }

    List<Event> apply(List<Event> events) {
        return noPut || noDelete ? events.stream().filter(this::passes).toList() : events;
    }
}
