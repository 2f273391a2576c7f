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
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.security.ImpersonatingExecutorService;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The threads this plugin's Pipeline steps call Azure on, shared by every build of the controller: one pool for
 * the calls themselves, {@value #CALL_THREADS} at most (threads exist only while calls are in flight, waiting holds
 * none, and a burst of hundreds of builds starting at once queues its calls instead of starting a thread each), and
 * one for the per-job requests of bulk changes ({@value #BULK_THREADS} threads for all bulk changes together: the
 * upper bound of their adaptive concurrency, not a pool per change). Both are stopped when Jenkins shuts down,
 * so that no request of a stopping Jenkins is still sent while its builds are being saved, and work they were
 * doing does not report into a build that has been put away for the restart.
 */
@Restricted(NoExternalUse.class)
public final class FoundryExecutors {

    private static final Logger LOGGER = Logger.getLogger(FoundryExecutors.class.getName());

    /** Threads for the steps' own calls (a change request, a poll, a read) of all builds together. */
    public static final int CALL_THREADS = 64;

    /** Threads for the per-job requests of all bulk changes together. */
    public static final int BULK_THREADS = BulkRequest.MAX_CONCURRENCY;

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
        private volatile boolean stopped;

        private Generation() {
            calls = new ImpersonatingExecutorService(pool(CALL_THREADS, "foundry-fine-tuning-call"), ACL.SYSTEM2);
            bulk = new ImpersonatingExecutorService(pool(BULK_THREADS, "foundry-fine-tuning-bulk"), ACL.SYSTEM2);
        }

        /** Where the steps' calls run: a thread while a call is in flight, none while waiting. */
        @NonNull
        public ExecutorService calls() {
            return calls;
        }

        /** Where the per-job requests of bulk changes run, {@value #BULK_THREADS} at most at once. */
        @NonNull
        public ExecutorService bulk() {
            return bulk;
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
