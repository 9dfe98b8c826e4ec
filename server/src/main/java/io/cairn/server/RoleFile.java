package io.cairn.server;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A role's YAML config file: one flat mapping with kebab-case keys (the flag names without
 * {@code --}), e.g. {@code raft-port: 7001}. Unknown keys are errors, so a typo never passes
 * silently.
 */
record RoleFile(Path path, Map<String, Object> values) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static RoleFile none() {
        return new RoleFile(null, Map.of());
    }

    @SuppressWarnings("unchecked")
    static RoleFile load(Path path, Set<String> allowedKeys) {
        if (!Files.isRegularFile(path)) {
            throw new ConfigException("config file " + path + " does not exist");
        }
        Object parsed;
        try {
            parsed = YAML.readValue(path.toFile(), Object.class);
        } catch (JacksonException e) {
            throw new ConfigException("config file " + path + " is not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + path + ": " + e.getMessage(), e);
        }
        if (parsed == null) {
            return new RoleFile(path, Map.of());
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new ConfigException("config file " + path + " must be a mapping of key: value");
        }
        Set<String> unknown = new TreeSet<>();
        map.keySet().forEach(k -> {
            if (!allowedKeys.contains(String.valueOf(k))) {
                unknown.add(String.valueOf(k));
            }
        });
        if (!unknown.isEmpty()) {
            throw new ConfigException("config file " + path + ": unknown key(s) " + unknown
                    + "; known keys: " + new TreeSet<>(allowedKeys));
        }
        return new RoleFile(path, (Map<String, Object>) map);
    }

    Object get(String key) {
        return values.get(key);
    }

    String where(String key) {
        return path == null ? "--" + key : "'" + key + "' in " + path;
    }
}
