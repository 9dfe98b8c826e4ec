package io.cairn.testkit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultProxyTest {
    private EchoServer echo;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new EchoServer();
        proxy = FaultProxy.start(echo.port());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        s.setSoTimeout(1500);
        return s;
    }

    private static String roundTrip(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        byte[] buf = s.getInputStream().readNBytes(text.length());
        return new String(buf, StandardCharsets.UTF_8);
    }

    @Test
    void passForwardsBothWays() throws IOException {
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "hello")).isEqualTo("hello");
            assertThat(proxy.openConnections()).isEqualTo(1);
        }
    }

    @Test
    void blackholeHoldsTrafficUntilSwitchedBackAndLosesNoByte() throws IOException {
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "one")).isEqualTo("one");
            proxy.mode(ProxyMode.blackhole());
            s.setSoTimeout(300);
            assertThatThrownBy(() -> roundTrip(s, "lost")).isInstanceOf(SocketTimeoutException.class);
            try (Socket fresh = connect()) {
                fresh.setSoTimeout(300);
                assertThatThrownBy(() -> roundTrip(fresh, "void")).isInstanceOf(SocketTimeoutException.class);
            }
            proxy.mode(ProxyMode.pass());
            s.setSoTimeout(1500);
            // the held "lost" arrives first: a partition delays bytes, it never drops them mid-stream
            assertThat(roundTrip(s, "two")).isEqualTo("los");
            assertThat(new String(s.getInputStream().readNBytes(4), StandardCharsets.UTF_8)).isEqualTo("ttwo");
        }
    }

    @Test
    void delayHoldsEachChunk() throws IOException {
        proxy.mode(ProxyMode.delay(150, 50));
        try (Socket s = connect()) {
            long start = System.nanoTime();
            assertThat(roundTrip(s, "slow")).isEqualTo("slow");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(millis).isBetween(300L, 1400L);
        }
    }

    @Test
    void dropClosesOpenAndNewConnectionsThenPassRecovers() throws IOException {
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "before")).isEqualTo("before");
            proxy.mode(ProxyMode.dropConnections());
            assertThat(readEndsWithin(s)).isTrue();
        }
        try (Socket s = connect()) {
            assertThat(readEndsWithin(s)).isTrue();
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> proxy.openConnections() == 0);
        proxy.mode(ProxyMode.pass());
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "after")).isEqualTo("after");
        }
    }

    @Test
    void closeEndsEveryConnectionAndTheListener() throws IOException {
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "x")).isEqualTo("x");
            proxy.close();
            assertThat(readEndsWithin(s)).isTrue();
        }
        assertThatThrownBy(this::connect).isInstanceOf(ConnectException.class);
    }

    /** True when the peer closed the connection (EOF or reset) before the read timeout. */
    private static boolean readEndsWithin(Socket s) throws IOException {
        try {
            return s.getInputStream().read() == -1;
        } catch (SocketException reset) {
            return true;
        }
    }
}
