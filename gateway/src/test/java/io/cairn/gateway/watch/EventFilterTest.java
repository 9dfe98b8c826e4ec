package io.cairn.gateway.watch;

import static io.cairn.gateway.watch.Events.delete;
import static io.cairn.gateway.watch.Events.put;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.WatchCreateRequest;
import io.cairn.api.mvccpb.Event;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventFilterTest {
    private static final List<Event> MIXED = List.of(put("a", 1), delete("a", 2), put("b", 3));

    @Test
    void noFilterKeepsEverything() {
        assertThat(EventFilter.of(WatchCreateRequest.getDefaultInstance()).apply(MIXED)).isEqualTo(MIXED);
    }

    @Test
    void noPutKeepsDeletes() {
        EventFilter filter = EventFilter.of(WatchCreateRequest.newBuilder()
                .addFilters(WatchCreateRequest.FilterType.NOPUT).build());
        assertThat(filter.apply(MIXED)).containsExactly(delete("a", 2));
    }

    @Test
    void noDeleteKeepsPuts() {
        EventFilter filter = EventFilter.of(WatchCreateRequest.newBuilder()
                .addFilters(WatchCreateRequest.FilterType.NODELETE).build());
        assertThat(filter.apply(MIXED)).containsExactly(put("a", 1), put("b", 3));
    }

    @Test
    void tenantPrefixIsStrippedAndRangeEndsFollowTheGatewayRules() {
        TenantRange tenant = TenantRange.of(5);
        assertThat(tenant.rangeEnd(ByteString.copyFrom(new byte[] {0}))).isEqualTo(TenantRange.of(6).prefix());
        assertThat(tenant.rangeEnd(ByteString.EMPTY)).isEmpty();
        Event internal = put(tenant.prefix().toStringUtf8() + "cfg", 9);
        Event event = put("", 9).toBuilder().setKv(internal.getKv().toBuilder()
                .setKey(tenant.key(ByteString.copyFromUtf8("cfg")))).build();
        assertThat(tenant.decode(event).orElseThrow().getKv().getKey().toStringUtf8()).isEqualTo("cfg");
        assertThat(TenantRange.of(6).decode(event)).isEmpty();
    }
}
