package io.cairn.testkit.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A recorded KV history: the operations of all clients, ordered by invoke time. */
public record History(List<Operation> operations) {
    public History {
        operations = List.copyOf(operations);
    }

    public int size() {
        return operations.size();
    }

    public String toJson() {
        return HistoryJson.write(this);
    }

    public static History fromJson(String json) {
        return HistoryJson.read(json);
    }

    /** Saves the history so that a failing run can be checked again later. */
    public void save(Path file) {
        try {
            Files.writeString(file, toJson(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save history to " + file, e);
        }
    }

    public static History load(Path file) {
        try {
            return fromJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load history from " + file, e);
        }
    }
}
