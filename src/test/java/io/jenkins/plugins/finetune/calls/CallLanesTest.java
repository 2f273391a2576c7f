package io.jenkins.plugins.finetune.calls;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Lanes over a real thread pool: a lane never takes more than its width, its queue holds no thread. */
@Timeout(30)
class CallLanesTest {

    private final ThreadPoolExecutor pool =
            new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    private final CallLanes lanes = new CallLanes(pool, 2);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostRunning = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();

    @AfterEach
    void stop() {
        release.countDown();
        pool.shutdownNow();
    }

    private Runnable blocked() {
        return () -> {
            mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
                done.incrementAndGet();
            }
        };
    }

    @Test
    void aBusyLaneRunsItsWidthAndAnotherLaneStillRuns() throws Exception {
        ExecutorService slow = lanes.lane("slow");
        List<Future<?>> slowWork = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            slowWork.add(slow.submit(blocked()));
        }
        await(() -> running.get() == 2);
        assertThat(lanes.load("slow")[0], is(2));
        assertThat(lanes.load("slow")[1], is(8));
        assertThat("the queued work holds no thread", pool.getActiveCount(), is(2));

        CountDownLatch otherRan = new CountDownLatch(1);
        lanes.lane("healthy").submit(otherRan::countDown);
        assertThat("another lane runs while the slow one is full", otherRan.await(5, TimeUnit.SECONDS), is(true));

        slowWork.get(9).cancel(true); // a queued piece cancelled: it never runs
        release.countDown();
        await(() -> lanes.load("slow")[0] == 0 && lanes.load("slow")[1] == 0);
        assertThat(done.get(), is(9));
        assertThat(mostRunning.get(), is(2));
    }

    @Test
    void cancellingRunningWorkInterruptsIt() throws Exception {
        Future<?> work = lanes.lane("a").submit(blocked());
        await(() -> running.get() == 1);
        work.cancel(true);
        await(() -> done.get() == 1);
        await(() -> lanes.load("a")[0] == 0);
    }

    @Test
    void aStoppedPoolRefusesNewWorkAndForgetsTheLane() {
        pool.shutdownNow();
        assertThrows(RejectedExecutionException.class, () -> lanes.lane("late").execute(() -> {}));
        assertThat(lanes.load("late")[0], is(0));
        assertThat(lanes.lane("late").isShutdown(), is(true));
    }

    @Test
    void aLaneHasAtLeastOneSlot() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CallLanes(pool, 0));
        assertThat(e.getMessage(), is("width: must be at least 1, got 0"));
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
