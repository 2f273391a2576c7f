package io.jenkins.plugins.finetune.calls;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import io.jenkins.plugins.finetune.client.bulk.BulkRequest;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bulk pool of {@link FoundryExecutors} as it runs (its real threads and lanes): a bulk change alone runs as wide
 * as the CLI ({@link BulkRequest#MAX_CONCURRENCY}), and one that is hung at that width takes half the pool, never
 * more, so another bulk change still gets its full width beside it.
 */
@Timeout(60)
class BulkSharesTest {

    private static final int WIDEST = BulkRequest.MAX_CONCURRENCY;

    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        FoundryExecutors.stopAll();
        System.clearProperty(FoundryExecutors.BULK_REQUESTS_PER_CHANGE);
    }

    /** A bulk change's requests as work that holds its thread until released (a hung endpoint). */
    private final class Change {
        final ExecutorService lane = FoundryExecutors.current().bulkChange();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostRunning = new AtomicInteger();

        void send(int requests) {
            for (int i = 0; i < requests; i++) {
                lane.execute(() -> {
                    mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        running.decrementAndGet();
                    }
                });
            }
        }
    }

    @Test
    void aLoneChangeRunsAsWideAsTheCliAndNoWider() throws Exception {
        FoundryExecutors.stopAll();
        assertThat(FoundryExecutors.BULK_THREADS, is(2 * WIDEST));
        assertThat(FoundryExecutors.current().bulkRequestsPerChange(), is(WIDEST));
        Change alone = new Change();
        alone.send(WIDEST + 10);
        await(() -> alone.running.get() == WIDEST);
        Thread.sleep(200); // what is over the share must stay queued
        assertThat(alone.mostRunning.get(), is(WIDEST));
    }

    @Test
    void aHungChangeAtItsWidestLeavesAnotherChangeItsFullWidth() throws Exception {
        FoundryExecutors.stopAll();
        Change hung = new Change();
        hung.send(1_000);
        await(() -> hung.running.get() == WIDEST);

        Change other = new Change();
        other.send(WIDEST + 5);
        await(() -> other.running.get() == WIDEST);
        Thread.sleep(200);
        assertThat("the hung change never took more than half the pool", hung.mostRunning.get(), is(WIDEST));
        assertThat(other.mostRunning.get(), is(WIDEST));

        release.countDown();
        await(() -> hung.running.get() == 0 && other.running.get() == 0);
    }

    @Test
    void theShareCanBeNarrowedButNeverWidenedPastHalfThePool() {
        FoundryExecutors.stopAll();
        System.setProperty(FoundryExecutors.BULK_REQUESTS_PER_CHANGE, "16");
        assertThat(FoundryExecutors.current().bulkRequestsPerChange(), is(16));

        FoundryExecutors.stopAll();
        System.setProperty(FoundryExecutors.BULK_REQUESTS_PER_CHANGE, String.valueOf(WIDEST + 1));
        assertThat(
                "a share over half the pool is refused (logged) for the default",
                FoundryExecutors.current().bulkRequestsPerChange(),
                is(WIDEST));

        FoundryExecutors.stopAll();
        System.setProperty(FoundryExecutors.BULK_REQUESTS_PER_CHANGE, "0");
        assertThat(FoundryExecutors.current().bulkRequestsPerChange(), is(WIDEST));
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(10);
        }
    }
}
