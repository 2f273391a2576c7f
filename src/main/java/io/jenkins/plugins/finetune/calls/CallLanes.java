package io.jenkins.plugins.finetune.calls;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Fair shares of one shared pool: work is handed in under a lane key (an endpoint and agent, a bulk change), and each
 * lane runs at most {@code width} pieces at once on the pool; the rest wait in the lane's queue, holding no thread,
 * and start as the lane's own work ends. So one endpoint that never answers (or one agent that hangs) ties up
 * {@code width} threads, never the whole pool, and other lanes keep running. A lane with nothing running or waiting
 * is forgotten.
 */
@Restricted(NoExternalUse.class)
final class CallLanes {

    private final ExecutorService pool;
    private final int width;
    private final Map<String, Lane> lanes = new HashMap<>(); // guarded by this

    /** What one lane has: how many run now, and what waits its turn. */
    private static final class Lane {
        int running;
        final Queue<Runnable> waiting = new ArrayDeque<>();
    }

    CallLanes(@NonNull ExecutorService pool, int width) {
        if (width < 1) {
            throw new IllegalArgumentException("width: must be at least 1, got " + width);
        }
        this.pool = pool;
        this.width = width;
    }

    int width() {
        return width;
    }

    /** The lane {@code key} as an executor: {@code submit} gives a Future whose cancel interrupts it, as the pool's. */
    @NonNull
    ExecutorService lane(@NonNull String key) {
        return new LaneExecutor(key);
    }

    /** How many pieces of work run in lane {@code key} now, and how many wait (for tests and diagnostics). */
    synchronized int[] load(@NonNull String key) {
        Lane lane = lanes.get(key);
        return lane == null ? new int[] {0, 0} : new int[] {lane.running, lane.waiting.size()};
    }

    private void execute(String key, Runnable work) {
        synchronized (this) {
            Lane lane = lanes.computeIfAbsent(key, k -> new Lane());
            if (lane.running >= width) {
                lane.waiting.add(work);
                return;
            }
            lane.running++;
            try {
                start(key, lane, work);
            } catch (RejectedExecutionException stopped) {
                ended(key, lane);
                throw stopped; // the pool was shut down: Jenkins is stopping
            }
        }
    }

    private void start(String key, Lane lane, Runnable work) {
        pool.execute(() -> {
            try {
                work.run();
            } finally {
                next(key, lane);
            }
        });
    }

    /** A piece of work of the lane ended: start the next that waits, if any. */
    private synchronized void next(String key, Lane lane) {
        Runnable waiting = lane.waiting.poll();
        if (waiting == null) {
            ended(key, lane);
            return;
        }
        try {
            start(key, lane, waiting);
        } catch (RejectedExecutionException stopped) {
            lane.waiting.clear(); // Jenkins is stopping: nothing of this lane will run any more
            ended(key, lane);
        }
    }

    private void ended(String key, Lane lane) {
        lane.running--;
        if (lane.running == 0 && lane.waiting.isEmpty()) {
            lanes.remove(key, lane);
        }
    }

    /**
     * One lane seen as an executor. Shutting it down is the shared pool's business (Jenkins stops it): the lifecycle
     * methods report the pool's state and stop nothing.
     */
    private final class LaneExecutor extends AbstractExecutorService {
        private final String key;

        LaneExecutor(String key) {
            this.key = key;
        }

        @Override
        public void execute(@NonNull Runnable command) {
            CallLanes.this.execute(key, command);
        }

        @Override
        public void shutdown() {
            // the shared pool is stopped by Jenkins, not by one of its users
        }

        @NonNull
        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return pool.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return pool.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, @NonNull TimeUnit unit) throws InterruptedException {
            return pool.awaitTermination(timeout, unit);
        }

        @Override
        public String toString() {
            return "lane '" + key + "' of " + width;
        }
    }
}
