package io.cairn.gateway.front;

import io.grpc.netty.shaded.io.netty.bootstrap.Bootstrap;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelFutureListener;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandler;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Relays a non-gRPC connection of the shared port to the REST listener on loopback, byte for
 * byte, reading from one side only when the other has taken the last write. The first line
 * sent is a PROXY protocol v1 header, so the REST listener sees the real client address.
 */
final class RestRelay {
    private RestRelay() {
    }

    static void start(ChannelHandlerContext client, ChannelHandler sniffer, InetSocketAddress rest) {
        Channel clientChannel = client.channel();
        clientChannel.config().setAutoRead(false);
        new Bootstrap()
                .group(clientChannel.eventLoop())
                .channel(clientChannel.getClass())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInboundHandlerAdapter())
                .connect(rest)
                .addListener((ChannelFutureListener) connected -> {
                    Channel backend = connected.channel();
                    if (!connected.isSuccess() || !clientChannel.isActive() || client.isRemoved()) {
                        backend.close();
                        client.close();
                        return;
                    }
                    backend.write(Unpooled.copiedBuffer(proxyHeader(clientChannel), StandardCharsets.US_ASCII));
                    Forward forward = new Forward(backend);
                    backend.pipeline().replace(backend.pipeline().first(), null, new Back(forward));
                    // Replacing the sniffer hands it the bytes it read so far.
                    client.pipeline().replace(sniffer, null, forward);
                    clientChannel.read();
                    backend.read();
                });
    }

    /** {@code PROXY TCP4 src dst sport dport}: what HAProxy's v1 protocol carries. */
    static String proxyHeader(Channel client) {
        InetSocketAddress source = (InetSocketAddress) client.remoteAddress();
        InetSocketAddress destination = (InetSocketAddress) client.localAddress();
        String family = source.getAddress().getAddress().length == 4 ? "TCP4" : "TCP6";
        return "PROXY " + family + " " + literal(source) + " " + literal(destination) + " "
                + source.getPort() + " " + destination.getPort() + "\r\n";
    }

    private static String literal(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        int scope = host.indexOf('%');
        return scope < 0 ? host : host.substring(0, scope);
    }

    private static void closeAfterFlush(Channel channel) {
        if (channel.isActive()) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Client to REST listener; also the place replies are written from (ahead of gRPC's handlers). */
    private static final class Forward extends ChannelInboundHandlerAdapter {
        private final Channel backend;
        private volatile ChannelHandlerContext ctx;

        Forward(Channel backend) {
            this.backend = backend;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            backend.writeAndFlush(msg).addListener((ChannelFutureListener) written -> {
                if (written.isSuccess()) {
                    ctx.channel().read();
                } else {
                    ctx.close();
                }
            });
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closeAfterFlush(backend);
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        void reply(Object msg, Channel backendChannel) {
            ctx.writeAndFlush(msg).addListener((ChannelFutureListener) written -> {
                if (written.isSuccess()) {
                    backendChannel.read();
                } else {
                    backendChannel.close();
                }
            });
        }

        void closeClient() {
            if (ctx.channel().isActive()) {
                ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    /** REST listener to client. */
    private static final class Back extends ChannelInboundHandlerAdapter {
        private final Forward forward;

        Back(Forward forward) {
            this.forward = forward;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            forward.reply(msg, ctx.channel());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            forward.closeClient();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
