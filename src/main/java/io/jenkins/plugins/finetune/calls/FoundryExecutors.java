package io.jenkins.plugins.finetune.calls;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.init.Terminator;
import hudson.security.ACL;
import hudson.util.ClassLoaderSanityThreadFactory;
import hudson.util.DaemonThreadFactory;
import hudson.util.ExceptionCatchingThreadFactory;
import hudson.util.NamingThreadFactory;
import io.jenkins.plugins.finetune.client.bulk.BulkRequest;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.security.ImpersonatingExecutorService;
import jenkins.util.SystemProperties;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The threads this plugin's Pipeline steps call Azure on, shared by every build of the controller: one pool for
 * the calls themselves, {@value #CALL_THREADS} at most (threads exist only while calls are in flight, waiting holds
 * none, and a burst of hundreds of builds starting at once queues its calls instead of starting a thread each), and
 * one for the per-job requests of bulk changes ({@value #BULK_THREADS} threads for all bulk changes together, twice
 * the upper bound of one change's adaptive concurrency; again threads exist only while requests are in flight). Both
 * are shared fairly ({@link CallLanes}): the calls of one endpoint (and agent) run {@value #DEFAULT_CALLS_PER_LANE}
 * at most at once, and one bulk change sends {@value #DEFAULT_BULK_REQUESTS_PER_CHANGE} requests at most at once,
 * which is half the bulk pool. So an endpoint that trickles its answers or a hung agent cannot take every call
 * thread, and one huge or hung bulk change cannot take more than half the bulk threads: another bulk change always
 * has its full width beside it, while a bulk change that runs alone is as wide as the CLI's. What is over its share
 * waits without a thread (both shares can be narrowed with the system properties {@link #CALLS_PER_LANE} and
 * {@link #BULK_REQUESTS_PER_CHANGE}; no setting gives one bulk change more than half the bulk pool). Both are
 * stopped when Jenkins shuts down,
 * so that no request of a stopping Jenkins is still sent while its builds are being saved, and work they were
 * doing does not report into a build that has been put away for the restart.
 */
@Restricted(NoExternalUse.class)
public final class FoundryExecutors {

    private static final Logger LOGGER = Logger.getLogger(FoundryExecutors.class.getName());

    /** Threads for the steps' own calls (a change request, a poll, a read) of all builds together. */
    public static final int CALL_THREADS = 64;

    /**
     * Threads for the per-job requests of all bulk changes together: room for two bulk changes at their widest
     * ({@link BulkRequest#MAX_CONCURRENCY} each), so that one at its widest, even hung, leaves the other its full
     * width.
     */
    public static final int BULK_THREADS = 2 * BulkRequest.MAX_CONCURRENCY;

    /** System property: how many calls of one endpoint (and agent) run at once, of the {@value #CALL_THREADS}. */
    public static final String CALLS_PER_LANE = FoundryExecutors.class.getName() + ".callsPerLane";

    /**
     * System property: how many per-job requests of one bulk change run at once, of the {@value #BULK_THREADS}; at
     * most {@link BulkRequest#MAX_CONCURRENCY} (half the bulk pool).
     */
    public static final String BULK_REQUESTS_PER_CHANGE = FoundryExecutors.class.getName() + ".bulkRequestsPerChange";

    static final int DEFAULT_CALLS_PER_LANE = 8;

    static final int DEFAULT_BULK_REQUESTS_PER_CHANGE = BulkRequest.MAX_CONCURRENCY;

    private static Generation current;

    private FoundryExecutors() {}

    /** The executors of the Jenkins that runs now, started on first use. */
    @NonNull
    public static synchronized Generation current() {
        if (current == null || current.isStopped()) {
            current = new Generation();
        }
        return current;
    }

    @Terminator
    public static void stopAll() {
        Generation stopping;
        synchronized (FoundryExecutors.class) {
            stopping = current;
            current = null;
        }
        if (stopping != null) {
            stopping.stop();
        }
    }

    /** One Jenkins run's executors; once stopped, work submitted to it must not report into its builds. */
    public static final class Generation {

        private final ExecutorService calls;
        private final ExecutorService bulk;
        private final CallLanes callLanes;
        private final CallLanes bulkLanes;
        private final AtomicLong bulkChanges = new AtomicLong();
        private volatile boolean stopped;

        private Generation() {
            calls = new ImpersonatingExecutorService(pool(CALL_THREADS, "foundry-fine-tuning-call"), ACL.SYSTEM2);
            bulk = new ImpersonatingExecutorService(pool(BULK_THREADS, "foundry-fine-tuning-bulk"), ACL.SYSTEM2);
            callLanes = new CallLanes(calls, share(CALLS_PER_LANE, DEFAULT_CALLS_PER_LANE, CALL_THREADS));
            bulkLanes = new CallLanes(
                    bulk, share(BULK_REQUESTS_PER_CHANGE, DEFAULT_BULK_REQUESTS_PER_CHANGE, BULK_THREADS / 2));
        }

        /**
         * Where the steps' calls of one lane run (a thread while a call is in flight, none while waiting): at most
         * {@link #callsPerLane()} at once, the rest queued without a thread.
         *
         * @param lane what the calls share: the endpoint and the agent they are made from ({@link CallLane})
         */
        @NonNull
        public ExecutorService calls(@NonNull String lane) {
            return callLanes.lane(lane);
        }

        /** How many calls of one lane run at once. */
        public int callsPerLane() {
            return callLanes.width();
        }

        /** How many per-job requests of one bulk change run at once. */
        public int bulkRequestsPerChange() {
            return bulkLanes.width();
        }

        /** Calls of lane {@code lane} running now, and waiting for their turn. */
        @NonNull
        public int[] callLoad(@NonNull String lane) {
            return callLanes.load(lane);
        }

        /**
         * Where the per-job requests of one bulk change run: a lane of the bulk pool of its own, so that it sends
         * {@link #bulkRequestsPerChange()} at most at once whatever its concurrency (half the pool at most), and other
         * bulk changes go on.
         */
        @NonNull
        public ExecutorService bulkChange() {
            return bulkLanes.lane("bulk change " + bulkChanges.incrementAndGet());
        }

        /** Whether Jenkins is shutting down (or has): work of this generation must not report any more. */
        public boolean isStopped() {
            return stopped;
        }

        private void stop() {
            stopped = true;
            calls.shutdownNow(); // interrupts requests in flight: the client abandons them at once
            bulk.shutdownNow();
            try {
                if (!calls.awaitTermination(5, TimeUnit.SECONDS) || !bulk.awaitTermination(5, TimeUnit.SECONDS)) {
                    LOGGER.log(Level.FINE, "Azure AI Foundry calls still running at shutdown");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** A share of a pool: the system property if it is between 1 and {@code most}. */
        private static int share(String property, int fallback, int most) {
            int value = SystemProperties.getInteger(property, fallback);
            if (value < 1 || value > most) {
                LOGGER.log(Level.WARNING, "{0}={1} is not between 1 and {2}; using {3}", new Object[] {
                    property, value, most, fallback
                });
                return fallback;
            }
            return value;
        }

        /** At most {@code size} threads, each ending after a minute without work; more work waits its turn. */
        private static ExecutorService pool(int size, String name) {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(
                    size, size, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads(name));
            pool.allowCoreThreadTimeOut(true);
            return pool;
        }

        private static ThreadFactory threads(String name) {
            return new ExceptionCatchingThreadFactory(
                    new NamingThreadFactory(new ClassLoaderSanityThreadFactory(new DaemonThreadFactory()), name));
        }
    }
}
