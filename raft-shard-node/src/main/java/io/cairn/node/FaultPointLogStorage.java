package io.cairn.node;

import com.alipay.sofa.jraft.core.DefaultJRaftServiceFactory;
import com.alipay.sofa.jraft.entity.LogEntry;
import com.alipay.sofa.jraft.option.LogStorageOptions;
import com.alipay.sofa.jraft.option.RaftOptions;
import com.alipay.sofa.jraft.storage.LogStorage;
import com.alipay.sofa.jraft.util.Describer;
import java.util.List;

/**
 * JRaft's log storage with the {@link FaultPoints#LOG_AFTER_APPEND} point after each append
 * (JRaft appends, and with {@code sync} fsyncs, before it acknowledges entries). Used only when
 * fault points are armed ({@link #factory()}), so a normal process runs JRaft's own storage.
 */
final class FaultPointLogStorage implements LogStorage, Describer {
    private final LogStorage delegate;

    private FaultPointLogStorage(LogStorage delegate) {
        this.delegate = delegate;
    }

    /** JRaft's default service factory whose log storages pass through the fault point. */
    static DefaultJRaftServiceFactory factory() {
        return new DefaultJRaftServiceFactory() {
            @Override
            public LogStorage createLogStorage(String uri, RaftOptions raftOptions) {
                return new FaultPointLogStorage(super.createLogStorage(uri, raftOptions));
            }
        };
    }

    @Override
    public boolean appendEntry(LogEntry entry) {
        boolean ok = delegate.appendEntry(entry);
        FaultPoints.hit(FaultPoints.LOG_AFTER_APPEND);
        return ok;
    }

    @Override
    public int appendEntries(List<LogEntry> entries) {
        int appended = delegate.appendEntries(entries);
        FaultPoints.hit(FaultPoints.LOG_AFTER_APPEND);
        return appended;
    }

    @Override
    public boolean init(LogStorageOptions opts) {
        return delegate.init(opts);
    }

    @Override
    public void shutdown() {
        delegate.shutdown();
    }

    @Override
    public long getFirstLogIndex() {
        return delegate.getFirstLogIndex();
    }

    @Override
    public long getLastLogIndex() {
        return delegate.getLastLogIndex();
    }

    @Override
    public LogEntry getEntry(long index) {
        return delegate.getEntry(index);
    }

    @Override
    @SuppressWarnings("deprecation")
    public long getTerm(long index) {
        return delegate.getTerm(index);
    }

    @Override
    public boolean truncatePrefix(long firstIndexKept) {
        return delegate.truncatePrefix(firstIndexKept);
    }

    @Override
    public boolean truncateSuffix(long lastIndexKept) {
        return delegate.truncateSuffix(lastIndexKept);
    }

    @Override
    public boolean reset(long nextLogIndex) {
        return delegate.reset(nextLogIndex);
    }

    @Override
    public void describe(Printer out) {
        if (delegate instanceof Describer d) {
            d.describe(out);
        }
    }
}
