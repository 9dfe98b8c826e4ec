package io.cairn.controlplane.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class KeyTextTest {

    private static ByteString key(long tenant, byte... user) {
        return ByteString.copyFrom(ByteBuffer.allocate(8).putLong(tenant).array()).concat(ByteString.copyFrom(user));
    }

    @Test
    void keysReadAsTenantAndEscapedUserKeyAndParseBack() {
        ByteString plain = key(42, "users/7".getBytes());
        ByteString odd = key(3, (byte) 0, (byte) 0xff, (byte) '\\', (byte) 'a');
        assertThat(KeyText.of(plain)).isEqualTo("t42/users/7");
        assertThat(KeyText.of(odd)).isEqualTo("t3/\\x00\\xff\\x5ca");
        assertThat(KeyText.of(ByteString.EMPTY)).isEmpty();
        assertThat(KeyText.of(ByteString.copyFrom(new byte[] {1, 2}))).isEqualTo("0x0102");
        assertThat(KeyText.parse("t42/users/7")).isEqualTo(plain);
        assertThat(KeyText.parse(KeyText.of(odd))).isEqualTo(odd);
        assertThat(KeyText.parse("0x0102")).isEqualTo(ByteString.copyFrom(new byte[] {1, 2}));
    }

    @Test
    void badKeysAreRefusedWithAReason() {
        assertThatThrownBy(() -> KeyText.parse("users/7")).hasMessageContaining("expected t<tenant id>/<key>");
        assertThatThrownBy(() -> KeyText.parse("tx/a")).hasMessageContaining("bad tenant id");
        assertThatThrownBy(() -> KeyText.parse("t1/a\\x1")).hasMessageContaining("bad escape");
        assertThatThrownBy(() -> KeyText.parse("0xzz")).hasMessageContaining("bad hex key");
    }

    @Test
    void tenantsOfARange() {
        assertThat(KeyText.tenants(ByteString.EMPTY, key(1))).isEqualTo("-");
        assertThat(KeyText.tenants(ByteString.EMPTY, key(2))).isEqualTo("1");
        assertThat(KeyText.tenants(key(1), key(4))).isEqualTo("1..3");
        assertThat(KeyText.tenants(key(2, (byte) 'm'), key(2, (byte) 'z'))).isEqualTo("2");
        assertThat(KeyText.tenants(key(4), ByteString.EMPTY)).isEqualTo("4..");
        assertThat(KeyText.tenants(ByteString.EMPTY, ByteString.EMPTY)).isEqualTo("1..");
    }
}
