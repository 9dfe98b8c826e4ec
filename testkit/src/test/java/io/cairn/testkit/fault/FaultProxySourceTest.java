package io.cairn.testkit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A proxy that tells its clients apart by process ({@link SocketOwners}): one source cut, others flow. */
class FaultProxySourceTest {
    private EchoServer echo;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        assumeThat(SocketOwners.available()).as("/proc/net/tcp").isTrue();
        echo = new EchoServer();
        proxy = FaultProxy.start(io.cairn.testkit.FreePorts.next(), echo.port(),
                SocketOwners.byPid(() -> Map.of("this-jvm", ProcessHandle.current().pid())));
    }

    @AfterEach
    void stop() throws IOException {
        if (proxy != null) {
            proxy.close();
            echo.close();
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        s.setSoTimeout(1500);
        return s;
    }

    private static String roundTrip(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        return new String(s.getInputStream().readNBytes(text.length()), StandardCharsets.UTF_8);
    }

    /** What comes back within 2 s of a round trip through the proxy from another process (bash's /dev/tcp). */
    private String roundTripFromAnotherProcess(String text) throws Exception {
        Process bash = new ProcessBuilder("bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/" + proxy.port()
                + "; printf '%s' '" + text + "' >&3; timeout 2 head -c " + text.length() + " <&3").start();
        try {
            assertThat(bash.waitFor(10, TimeUnit.SECONDS)).as("bash's round trip ends").isTrue();
            return new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            bash.destroyForcibly();
        }
    }

    @Test
    void namesEachConnectionByTheProcessThatOpenedIt() throws Exception {
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "hi")).isEqualTo("hi");
            assertThat(proxy.connectionsBySource()).containsEntry("this-jvm", 1L);
        }
    }

    @Test
    void aBlackholedSourceIsHeldWhileOtherProcessesPassAndNothingIsLost() throws Exception {
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "one")).isEqualTo("one");
            proxy.mode("this-jvm", ProxyMode.blackhole());
            s.setSoTimeout(300);
            assertThatThrownBy(() -> roundTrip(s, "held")).isInstanceOf(SocketTimeoutException.class);
            assertThat(roundTripFromAnotherProcess("ping")).isEqualTo("ping");

            proxy.mode("this-jvm", null);
            s.setSoTimeout(1500);
            assertThat(roundTrip(s, "two")).isEqualTo("hel");
            assertThat(new String(s.getInputStream().readNBytes(4), StandardCharsets.UTF_8)).isEqualTo("dtwo");
        }
    }

    @Test
    void theProxysOwnModeAppliesToEverySourceWithoutOne() throws Exception {
        proxy.mode("this-jvm", ProxyMode.pass());
        proxy.mode(ProxyMode.blackhole());
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "mine")).isEqualTo("mine");
        }
        assertThat(roundTripFromAnotherProcess("cut")).isEmpty();
    }

    @Test
    void droppingASourceClosesOnlyItsConnections() throws Exception {
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "a")).isEqualTo("a");
            proxy.mode("other", ProxyMode.dropConnections());
            assertThat(roundTrip(s, "b")).isEqualTo("b");
            proxy.mode("this-jvm", ProxyMode.dropConnections());
            await().atMost(Duration.ofSeconds(5)).until(() -> proxy.openConnections() == 0);
            int read;
            try {
                read = s.getInputStream().read();
            } catch (SocketException reset) {
                read = -1;
            }
            assertThat(read).as("the connection is closed").isEqualTo(-1);
        }
    }
}
