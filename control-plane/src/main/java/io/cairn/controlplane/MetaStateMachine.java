package io.cairn.controlplane;

import com.alipay.sofa.jraft.Closure;
import com.alipay.sofa.jraft.Iterator;
import com.alipay.sofa.jraft.Status;
import com.alipay.sofa.jraft.core.StateMachineAdapter;
import com.alipay.sofa.jraft.entity.LeaderChangeContext;
import com.alipay.sofa.jraft.error.RaftError;
import com.alipay.sofa.jraft.storage.snapshot.SnapshotReader;
import com.alipay.sofa.jraft.storage.snapshot.SnapshotWriter;
import com.google.protobuf.InvalidProtocolBufferException;
import io.cairn.api.controlplane.ControlPlaneCommand;
import io.cairn.api.controlplane.ControlPlaneSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** JRaft state machine over {@link MetaState}; the snapshot is one proto file. */
final class MetaStateMachine extends StateMachineAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(MetaStateMachine.class);
    static final String SNAPSHOT_FILE = "control-plane-state.pb";

    private final MetaState state;
    private final LeadershipListener leadership;
    private volatile long term;

    MetaStateMachine(MetaState state, LeadershipListener leadership) {
        this.state = state;
        this.leadership = leadership;
    }

    long term() {
        return term;
    }

    @Override
    public void onApply(Iterator iter) {
        while (iter.hasNext()) {
            ControlPlaneCommand command;
            try {
                command = ControlPlaneCommand.parseFrom(iter.getData());
            } catch (InvalidProtocolBufferException e) {
                iter.setErrorAndRollback(1, new Status(RaftError.ESTATEMACHINE,
                        "undecodable control-plane command at index %d: %s", iter.getIndex(), e.getMessage()));
                return;
            }
            Closure done = iter.done();
            try {
                Object result = state.apply(command);
                if (done instanceof CommandClosure closure) {
                    closure.applied(result);
                }
            } catch (ControlPlaneException e) {
                if (done instanceof CommandClosure closure) {
                    closure.failed(e);
                }
            }
            if (done != null) {
                done.run(Status.OK());
            }
            iter.next();
        }
    }

    @Override
    public void onSnapshotSave(SnapshotWriter writer, Closure done) {
        Path file = Path.of(writer.getPath(), SNAPSHOT_FILE);
        try {
            Files.write(file, state.snapshot().toByteArray());
            if (writer.addFile(SNAPSHOT_FILE)) {
                done.run(Status.OK());
            } else {
                done.run(new Status(RaftError.EIO, "could not add %s to the snapshot", SNAPSHOT_FILE));
            }
        } catch (IOException e) {
            done.run(new Status(RaftError.EIO, "could not write snapshot %s: %s", file, e.getMessage()));
        }
    }

    @Override
    public boolean onSnapshotLoad(SnapshotReader reader) {
        if (reader.getFileMeta(SNAPSHOT_FILE) == null) {
            LOG.error("snapshot at {} has no {}", reader.getPath(), SNAPSHOT_FILE);
            return false;
        }
        try {
            state.restore(ControlPlaneSnapshot.parseFrom(Files.readAllBytes(Path.of(reader.getPath(), SNAPSHOT_FILE))));
            return true;
        } catch (IOException e) {
            LOG.error("could not load control-plane snapshot from {}", reader.getPath(), e);
            return false;
        }
    }

    @Override
    public void onLeaderStart(long term) {
        this.term = term;
        LOG.info("control-plane replica became leader at term {}", term);
        leadership.onLeaderStart(term);
    }

    @Override
    public void onLeaderStop(Status status) {
        LOG.info("control-plane replica stopped leading: {}", status);
        leadership.onLeaderStop();
    }

    @Override
    public void onStartFollowing(LeaderChangeContext ctx) {
        this.term = ctx.getTerm();
    }
}
