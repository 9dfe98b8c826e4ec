package io.cairn.gateway;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Decodes a percent-encoded URL path segment to bytes ({@code %FF} is the byte 0xFF; '+' stays '+'). */
final class PercentDecoding {
    private PercentDecoding() {
    }

    static ByteString decode(String raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '%') {
                out.write(bytes[i]);
                continue;
            }
            if (i + 2 >= bytes.length) {
                throw malformed(raw);
            }
            int high = Character.digit(bytes[i + 1], 16);
            int low = Character.digit(bytes[i + 2], 16);
            if (high < 0 || low < 0) {
                throw malformed(raw);
            }
            out.write(high << 4 | low);
            i += 2;
        }
        return ByteString.copyFrom(out.toByteArray());
    }

    private static GatewayException malformed(String raw) {
        return new GatewayException(new GatewayError.Malformed("cairn: malformed percent-encoding in key: " + raw));
    }
}
