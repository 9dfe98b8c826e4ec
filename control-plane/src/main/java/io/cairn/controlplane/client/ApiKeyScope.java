package io.cairn.controlplane.client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * What an API key may do. A key lists the scopes it grants; a key with none grants all of
 * them (every key made before scopes existed, and the default for {@code cairn tenant create}).
 */
public enum ApiKeyScope {
    /** Reads: range, watch, lease time-to-live and list, election leader/observe, status. */
    READ,
    /** Writes: put, delete, txn with writes, compaction, leases, locks, campaigns. */
    WRITE;

    /** The name stored on the key and accepted on the command line: {@code read}, {@code write}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses scope names, refusing unknown ones with a message that lists the valid names. */
    public static List<ApiKeyScope> parseAll(Collection<String> names) {
        List<ApiKeyScope> scopes = new ArrayList<>();
        for (String name : names) {
            ApiKeyScope scope = switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "read" -> READ;
                case "write" -> WRITE;
                default -> throw new IllegalArgumentException(
                        "unknown API key scope '" + name + "': valid scopes are read, write");
            };
            if (!scopes.contains(scope)) {
                scopes.add(scope);
            }
        }
        return scopes;
    }

    /** Whether a key with the stored {@code granted} scope names may act with this scope. */
    public boolean grantedBy(Collection<String> granted) {
        return granted.isEmpty() || granted.stream().anyMatch(wireName()::equalsIgnoreCase);
    }
}
