package io.cairn.controlplane.admin;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;

/**
 * Internal keys (8-byte big-endian tenant id ++ user key) as text an operator can read:
 * {@code t42/users/7}, bytes outside printable ASCII (and {@code \}) as {@code \xNN}. The empty
 * key, which bounds the keyspace, is the empty string.
 */
public final class KeyText {
    private static final int PREFIX = Long.BYTES;

    private KeyText() {
    }

    public static String of(ByteString internalKey) {
        if (internalKey.isEmpty()) {
            return "";
        }
        if (internalKey.size() < PREFIX) {
            return "0x" + escaped(internalKey, 0);
        }
        return "t" + Long.toUnsignedString(tenantOf(internalKey)) + "/" + escaped(internalKey, PREFIX);
    }

    /**
     * The tenants whose keys fall in {@code [start, end)}: {@code "7"}, {@code "1..3"}, or
     * {@code "5.."} when the range runs to the end of the keyspace, {@code "-"} for none. Tenant 0 is reserved, so a
     * range from the beginning of the keyspace starts at tenant 1.
     */
    public static String tenants(ByteString start, ByteString end) {
        long first = start.size() < PREFIX ? 1 : Math.max(1, tenantOf(start));
        if (end.isEmpty()) {
            return Long.toUnsignedString(first) + "..";
        }
        long last = end.size() < PREFIX ? 0 : tenantOf(end);
        if (end.size() == PREFIX && last > 0) {
            last--; // [.., t(k)/) ends before tenant k
        }
        int order = Long.compareUnsigned(last, first);
        if (order < 0) {
            return "-";
        }
        if (order == 0) {
            return Long.toUnsignedString(first);
        }
        return Long.toUnsignedString(first) + ".." + Long.toUnsignedString(last);
    }

    /**
     * The internal key written as {@link #of} writes it ({@code t42/users/7}, with {@code \xNN}
     * escapes), or as {@code 0x} and hex digits.
     *
     * @throws IllegalArgumentException when the text is neither
     */
    public static ByteString parse(String text) {
        if (text.startsWith("0x")) {
            try {
                return ByteString.copyFrom(java.util.HexFormat.of().parseHex(text.substring(2)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad hex key '" + text + "'", e);
            }
        }
        int slash = text.indexOf('/');
        if (!text.startsWith("t") || slash < 2) {
            throw new IllegalArgumentException("bad key '" + text + "': expected t<tenant id>/<key> or 0x<hex>");
        }
        long tenant;
        try {
            tenant = Long.parseUnsignedLong(text.substring(1, slash));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad tenant id in key '" + text + "'", e);
        }
        ByteString.Output out = ByteString.newOutput();
        out.write(ByteBuffer.allocate(PREFIX).putLong(tenant).array(), 0, PREFIX);
        String user = text.substring(slash + 1);
        for (int i = 0; i < user.length(); i++) {
            char c = user.charAt(i);
            if (c == '\\') {
                if (i + 4 > user.length() || user.charAt(i + 1) != 'x') {
                    throw new IllegalArgumentException("bad escape in key '" + text + "': use \\xNN");
                }
                try {
                    out.write(Integer.parseInt(user.substring(i + 2, i + 4), 16));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad escape in key '" + text + "': use \\xNN", e);
                }
                i += 3;
            } else if (c < 0x20 || c >= 0x7f) {
                throw new IllegalArgumentException("key '" + text + "' has a non-ASCII character: escape it as \\xNN");
            } else {
                out.write(c);
            }
        }
        return out.toByteString();
    }

    private static long tenantOf(ByteString key) {
        return ByteBuffer.wrap(key.substring(0, PREFIX).toByteArray()).getLong();
    }

    private static String escaped(ByteString key, int from) {
        StringBuilder text = new StringBuilder();
        for (int i = from; i < key.size(); i++) {
            int b = key.byteAt(i) & 0xff;
            if (from == 0) {
                text.append(String.format("%02x", b));
            } else if (b >= 0x20 && b < 0x7f && b != '\\') {
                text.append((char) b);
            } else {
                text.append(String.format("\\x%02x", b));
            }
        }
        return text.toString();
    }
}
