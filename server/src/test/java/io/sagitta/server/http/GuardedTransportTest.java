package io.sagitta.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.EpollSocketChannel;
import io.vertx.core.Vertx;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.transport.Transport;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * On Linux x86_64 (where the jar carries Netty's epoll library) the archive's connections are epoll channels, with
 * the h2c guard's transport and without it: the choice is seen on a real accepted connection, not only asked of Vert.x.
 */
class GuardedTransportTest {

    @Test
    void linuxGetsEpollWithAndWithoutTheGuard() throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
            && System.getProperty("os.arch").matches("amd64|x86_64"), "the jar carries epoll for Linux x86_64 only");
        assertEquals(Transport.EPOLL, GuardedTransport.best());
        assertEquals(EpollSocketChannel.class, acceptedChannelClass(GuardedTransport.create()));
        assertEquals(EpollSocketChannel.class, acceptedChannelClass(GuardedTransport.best()));
    }

    private static Class<?> acceptedChannelClass(Transport transport) throws Exception {
        Vertx vertx = Vertx.builder().withTransport(transport).build();
        try {
            CompletableFuture<Class<?>> accepted = new CompletableFuture<>();
            NetServer server = vertx.createNetServer().connectHandler(socket -> {
                accepted.complete(((NetSocketInternal) socket).channelHandlerContext().channel().getClass());
                socket.close();
            });
            int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS).actualPort();
            vertx.createNetClient().connect(port, "127.0.0.1");
            return accepted.get(10, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
