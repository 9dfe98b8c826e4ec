package io.cairn.loadtest;

import org.HdrHistogram.Histogram;

/** Throughput and latency percentiles of one run; one line, easy to grep and compare. */
record LoadResult(Histogram puts, Histogram gets, long errors, int seconds, int clients) {

    long operations() {
        return puts.getTotalCount() + gets.getTotalCount();
    }

    String format(String label) {
        return String.format("%s: clients=%d ops/s=%.0f put[n=%d p50=%.2fms p99=%.2fms] get[n=%d p50=%.2fms p99=%.2fms] errors=%d",
                label, clients, operations() / (double) seconds,
                puts.getTotalCount(), ms(puts, 50), ms(puts, 99),
                gets.getTotalCount(), ms(gets, 50), ms(gets, 99), errors);
    }

    private static double ms(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}
