package io.cairn.node.mvcc;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodings of the four column families.
 *
 * <ul>
 *   <li>{@code latest}: internal key -> serialized current KeyValue (absent when deleted).
 *   <li>{@code history}: esc(key) ++ 0x00 0x01 ++ BE64(Long.MAX_VALUE - revision) -> serialized
 *       KeyValue, or empty bytes for a tombstone. esc() turns 0x00 into 0x00 0xFF, so keys that
 *       are prefixes of one another stay apart and in order, and the versions of one key are
 *       contiguous, newest first: a read at revision R seeks to esc(key) ++ term ++ inv(R).
 *   <li>{@code revlog}: tenant(8) ++ BE64(revision) ++ BE32(sub-index) -> mvccpb.Event (with
 *       prev_kv = the key's state before the command). Per tenant, so compaction of a tenant
 *       is one range delete and a tenant's watch replay one scan.
 *   <li>{@code meta}: "applied", "revision" -> BE64; "compact/" ++ tenant, "compacting/" ++
 *       tenant -> BE64 (compaction revision; physical removal pending); "revoked/" ++ tenant ++
 *       BE64(lease id) -> BE64 (the highest revoke revision a lease fan-out brought to this shard).
 *   <li>{@code lease}: tenant(8) ++ BE64(lease id) -> StoredLease (leases of tenants whose
 *       lease home is this shard). A column family of its own: user keys are arbitrary bytes.
 *   <li>{@code leasekeys}: tenant(8) ++ BE64(lease id) ++ internal key -> empty: the keys of
 *       this shard attached to each lease (on every shard, home or not).
 * </ul>
 */
final class StoreKeys {

    static final int TENANT_BYTES = 8;
    static final byte[] APPLIED = ascii("applied");
    static final byte[] REVISION = ascii("revision");
    static final byte[] COMPACT = ascii("compact/");
    static final byte[] COMPACTING = ascii("compacting/");
    static final byte[] REVOKED = ascii("revoked/");

    private StoreKeys() {
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The first 8 bytes of a key (zero-padded when shorter). */
    static byte[] tenant(ByteString key) {
        byte[] t = new byte[TENANT_BYTES];
        key.substring(0, Math.min(TENANT_BYTES, key.size())).copyTo(t, 0);
        return t;
    }

    static byte[] escapedPrefix(ByteString key) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(key.size() + 12);
        for (int i = 0; i < key.size(); i++) {
            byte b = key.byteAt(i);
            out.write(b);
            if (b == 0) {
                out.write(0xFF);
            }
        }
        out.write(0x00);
        out.write(0x01);
        return out.toByteArray();
    }

    static byte[] historyKey(ByteString key, long revision) {
        return withRevision(escapedPrefix(key), revision);
    }

    static byte[] withRevision(byte[] escapedPrefix, long revision) {
        return ByteBuffer.allocate(escapedPrefix.length + 8).put(escapedPrefix)
                .putLong(Long.MAX_VALUE - revision).array();
    }

    /** A key sorting after every version of the key with this escaped prefix. */
    static byte[] afterAllVersions(byte[] escapedPrefix) {
        byte[] k = Arrays.copyOf(escapedPrefix, escapedPrefix.length + 1);
        k[escapedPrefix.length] = (byte) 0xFF;
        return k;
    }

    /** Length of the escaped prefix (through the terminator) of a history key. */
    static int prefixLength(byte[] historyKey) {
        return historyKey.length - 8;
    }

    static ByteString userKey(byte[] historyKey) {
        int end = prefixLength(historyKey) - 2;
        ByteString.Output out = ByteString.newOutput(end);
        for (int i = 0; i < end; i++) {
            out.write(historyKey[i]);
            if (historyKey[i] == 0) {
                i++;
            }
        }
        return out.toByteString();
    }

    static long historyRevision(byte[] historyKey) {
        return Long.MAX_VALUE - ByteBuffer.wrap(historyKey, historyKey.length - 8, 8).getLong();
    }

    static byte[] revlogKey(byte[] tenant, long revision, int sub) {
        return ByteBuffer.allocate(TENANT_BYTES + 12).put(tenant).putLong(revision).putInt(sub).array();
    }

    static long revlogRevision(byte[] revlogKey) {
        return ByteBuffer.wrap(revlogKey, TENANT_BYTES, 8).getLong();
    }

    static byte[] metaKey(byte[] prefix, byte[] tenant) {
        return ByteBuffer.allocate(prefix.length + tenant.length).put(prefix).put(tenant).array();
    }

    static byte[] leaseKey(byte[] tenant, long leaseId) {
        return ByteBuffer.allocate(TENANT_BYTES + 8).put(tenant).putLong(leaseId).array();
    }

    static byte[] leaseIndexKey(byte[] tenant, long leaseId, ByteString key) {
        return ByteBuffer.allocate(TENANT_BYTES + 8 + key.size()).put(tenant).putLong(leaseId)
                .put(key.asReadOnlyByteBuffer()).array();
    }

    static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    static long bytesLong(byte[] b) {
        return b == null ? 0 : ByteBuffer.wrap(b).getLong();
    }

    static boolean startsWith(byte[] a, byte[] prefix, int prefixLen) {
        return a.length >= prefixLen && Arrays.equals(a, 0, prefixLen, prefix, 0, prefixLen);
    }

    /** The next prefix of the same length, or null after the last. */
    static byte[] successor(byte[] prefix) {
        byte[] next = prefix.clone();
        for (int i = next.length - 1; i >= 0; i--) {
            if (++next[i] != 0) {
                return next;
            }
        }
        return null;
    }
}
