package io.cairn.gateway.front;

import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandler;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.handler.codec.ByteToMessageDecoder;
import io.grpc.netty.shaded.io.netty.util.ReferenceCountUtil;
import io.grpc.netty.shaded.io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * First handler of every connection on the shared port. It reads until the bytes either match
 * or leave the HTTP/2 connection preface: an HTTP/2 connection goes on to gRPC's negotiation
 * (with the events gRPC fired meanwhile), anything else to a {@link RestRelay}. A connection
 * that says nothing for {@code timeout} is closed.
 */
final class ProtocolSniffer extends ByteToMessageDecoder {
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ChannelHandler grpcNegotiation;
    private final InetSocketAddress rest;
    private final Duration timeout;
    private final List<Object> heldEvents = new ArrayList<>();
    private ScheduledFuture<?> deadline;
    private boolean decided;

    ProtocolSniffer(ChannelHandler grpcNegotiation, InetSocketAddress rest, Duration timeout) {
        this.grpcNegotiation = grpcNegotiation;
        this.rest = rest;
        this.timeout = timeout;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        deadline = ctx.executor().schedule(() -> {
            if (!decided) {
                ctx.close();
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (decided) {
            super.userEventTriggered(ctx, event);
        } else {
            heldEvents.add(event);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (decided) {
            return;
        }
        int seen = Math.min(in.readableBytes(), PREFACE.length);
        for (int i = 0; i < seen; i++) {
            if (in.getByte(in.readerIndex() + i) != PREFACE[i]) {
                toRest(ctx);
                return;
            }
        }
        if (seen == PREFACE.length) {
            toGrpc(ctx);
        }
    }

    private void toGrpc(ChannelHandlerContext ctx) {
        decide();
        ctx.pipeline().addAfter(ctx.name(), null, grpcNegotiation);
        for (Object event : heldEvents) {
            ctx.fireUserEventTriggered(event);
        }
        heldEvents.clear();
        ctx.pipeline().remove(this); // hands the bytes read so far to gRPC
    }

    private void toRest(ChannelHandlerContext ctx) {
        decide();
        heldEvents.forEach(ReferenceCountUtil::release);
        heldEvents.clear();
        RestRelay.start(ctx, this, rest);
    }

    private void decide() {
        decided = true;
        if (deadline != null) {
            deadline.cancel(false);
        }
    }
}
