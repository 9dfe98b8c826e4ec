package io.cairn.loadtest;

/** What one load run does. */
record LoadPlan(int clients, int durationSeconds, int warmupSeconds, int keys, int valueSize, double readRatio) {
}
