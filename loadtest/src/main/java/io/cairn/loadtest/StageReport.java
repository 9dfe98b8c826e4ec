package io.cairn.loadtest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import jdk.jfr.Timespan;
import jdk.jfr.ValueDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Summarises the store node's stage events ({@code io.cairn.*}, see StageTimings in
 * raft-shard-node) of a JFR recording: p50/p90/p99 of every timespan field and of the event
 * durations, per event type (bin/bench --node-direct --jfr).
 */
@Command(name = "stage-report", mixinStandardHelpOptions = true,
        description = "Percentiles of the io.cairn.* stage events in a JFR recording.")
public final class StageReport implements Callable<Integer> {

    @Parameters(index = "0", description = "the .jfr file")
    Path recording;

    public static void main(String[] args) {
        System.exit(new CommandLine(new StageReport()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Map<String, List<Double>> millis = new TreeMap<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            String type = event.getEventType().getName();
            if (!type.startsWith("io.cairn.")) {
                continue;
            }
            if (!event.getDuration().isZero()) {
                millis.computeIfAbsent(type + " duration", k -> new ArrayList<>())
                        .add(event.getDuration().toNanos() / 1e6);
            }
            for (ValueDescriptor field : event.getFields()) {
                if (field.getAnnotation(Timespan.class) != null && !field.getName().equals("duration")) {
                    Duration value = event.getDuration(field.getName());
                    millis.computeIfAbsent(type + " " + field.getName(), k -> new ArrayList<>())
                            .add(value.toNanos() / 1e6);
                }
            }
        }
        millis.forEach((name, values) -> {
            values.sort(Double::compare);
            System.out.printf("%-40s n=%-6d p50=%8.3fms p90=%8.3fms p99=%8.3fms%n", name, values.size(),
                    at(values, 0.50), at(values, 0.90), at(values, 0.99));
        });
        return millis.isEmpty() ? 1 : 0;
    }

    private static double at(List<Double> sorted, double quantile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) (quantile * sorted.size())));
    }
}
