package io.cairn.controlplane;

import com.google.protobuf.ByteString;
import io.cairn.api.meta.ApiKeyRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * Makes API keys {@code cairn_<key id>_<secret>}: a 16-hex-char id and a 128-bit secret
 * (32 hex chars). Only SHA-256 of the secret's text goes into the record.
 */
final class ApiKeyFactory {
    static final String PREFIX = "cairn_";
    private static final HexFormat HEX = HexFormat.of();

    private final SecureRandom random = new SecureRandom();

    record NewKey(ApiKeyRecord record, String apiKey) {
    }

    NewKey create(List<String> scopes, long expiresAtMs, long nowMs) {
        String keyId = HEX.formatHex(bytes(8));
        String secret = HEX.formatHex(bytes(16));
        ApiKeyRecord record = ApiKeyRecord.newBuilder()
                .setKeyId(keyId)
                .setSecretSha256(ByteString.copyFrom(sha256(secret)))
                .addAllScopes(scopes)
                .setExpiresAtMs(expiresAtMs)
                .setCreatedAtMs(nowMs)
                .build();
        return new NewKey(record, PREFIX + keyId + "_" + secret);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
