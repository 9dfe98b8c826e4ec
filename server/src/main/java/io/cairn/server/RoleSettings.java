package io.cairn.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One role's settings: a flag given on the command line wins over the config file, which
 * wins over the default. Every accessor names the flag and the file key in its error.
 */
final class RoleSettings {
    private final String role;
    private final RoleFile file;

    RoleSettings(String role, RoleFile file) {
        this.role = role;
        this.file = file;
    }

    String string(String key, String flag, String fallback) {
        if (flag != null) {
            return flag;
        }
        Object value = file.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            throw new ConfigException(file.where(key) + " must be a single value");
        }
        return String.valueOf(value);
    }

    String requiredString(String key, String flag) {
        String value = string(key, flag, null);
        if (value == null || value.isBlank()) {
            throw missing(key);
        }
        return value;
    }

    Path path(String key, Path flag, Path fallback) {
        String value = string(key, flag == null ? null : flag.toString(), fallback == null ? null : fallback.toString());
        return value == null ? null : Path.of(value).toAbsolutePath().normalize();
    }

    int integer(String key, Integer flag, int fallback) {
        String value = string(key, flag == null ? null : flag.toString(), Integer.toString(fallback));
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(file.where(key) + " must be a whole number, got '" + value + "'");
        }
    }

    long positiveLong(String key, Long flag, long fallback) {
        String value = string(key, flag == null ? null : flag.toString(), Long.toString(fallback));
        String problem = file.where(key) + " must be a positive whole number, got '" + value + "'";
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(problem, e);
        }
        if (parsed <= 0) {
            throw new ConfigException(problem);
        }
        return parsed;
    }

    int port(String key, Integer flag, int fallback) {
        int port = integer(key, flag, fallback);
        if (port <= 0 || port > 65535) {
            throw new ConfigException((port == 0 && flag == null && file.get(key) == null
                    ? "missing " + key + ": give --" + key + " PORT or '" + key + ": PORT' in the config file"
                    : file.where(key) + " must be a port in 1..65535, got " + port));
        }
        return port;
    }

    /** A list from repeated/comma-separated flags, a YAML list or a comma-separated string. */
    List<String> list(String key, List<String> flag) {
        List<String> raw = new ArrayList<>();
        if (flag != null && !flag.isEmpty()) {
            raw.addAll(flag);
        } else if (file.get(key) instanceof List<?> values) {
            values.forEach(v -> raw.add(String.valueOf(v)));
        } else if (file.get(key) != null) {
            raw.add(String.valueOf(file.get(key)));
        }
        List<String> items = new ArrayList<>();
        raw.forEach(r -> {
            for (String part : r.split(",")) {
                if (!part.isBlank()) {
                    items.add(part.trim());
                }
            }
        });
        return items;
    }

    List<HostPort> addresses(String key, List<String> flag) {
        List<String> items = list(key, flag);
        if (items.isEmpty()) {
            throw missing(key);
        }
        List<HostPort> addresses = new ArrayList<>();
        for (String item : items) {
            try {
                addresses.add(HostPort.parse(item));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(file.where(key) + ": " + e.getMessage());
            }
        }
        return addresses;
    }

    /** Labels from {@code --label k=v} flags or a YAML mapping (flags replace the file's). */
    Map<String, String> labels(String key, Map<String, String> flag) {
        if (flag != null && !flag.isEmpty()) {
            return Map.copyOf(flag);
        }
        Object value = file.get(key);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new ConfigException(file.where(key) + " must be a mapping such as {zone: z1}");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        map.forEach((k, v) -> labels.put(String.valueOf(k), String.valueOf(v)));
        return Map.copyOf(labels);
    }

    ConfigException missing(String key) {
        return new ConfigException("missing " + key + ": give --" + key
                + " or '" + key + ":' in the config file (--config FILE)");
    }

    String role() {
        return role;
    }
}
