package io.jenkins.plugins.finetune.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.finetune.client.testing.ScriptedServer;
import io.jenkins.plugins.finetune.client.testing.ScriptedServer.Step;
import io.jenkins.plugins.finetune.client.testing.TestJobs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.hc.core5.concurrent.Cancellable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A Jenkins build abort interrupts the thread: every blocking call gives up within about a second. */
@Timeout(15)
class InterruptTest {

    private ScriptedServer server;

    @BeforeEach
    void start() {
        server = ScriptedServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** What happened on the interrupted thread. */
    record Outcome(Throwable thrown, boolean interruptFlagSet, long millisAfterInterrupt) {}

    /** Runs the call on its own thread, interrupts it once {@code ready} holds, and reports. */
    static Outcome interruptWhen(BooleanSupplier ready, Runnable call) throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean flag = new AtomicBoolean();
        AtomicReference<Long> endedAt = new AtomicReference<>();
        Thread worker = new Thread(
                () -> {
                    try {
                        call.run();
                    } catch (Throwable t) {
                        thrown.set(t);
                    } finally {
                        endedAt.set(System.nanoTime());
                        flag.set(Thread.currentThread().isInterrupted());
                    }
                },
                "interrupt-test-worker");
        worker.setDaemon(true);
        worker.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!ready.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(100); // let the call block for real
        long interruptedAt = System.nanoTime();
        worker.interrupt();
        worker.join(5000);
        assertThat(worker.isAlive())
                .as("the call is still blocked 5 s after the interrupt")
                .isFalse();
        return new Outcome(thrown.get(), flag.get(), (endedAt.get() - interruptedAt) / 1_000_000);
    }

    @Test
    void interruptDuringAHangingRequest() throws InterruptedException {
        server.otherwise(Step.neverAnswer());
        try (FineTuningClient client = TestClients.builder(server.baseUrl())
                .httpOptions(TestClients.fastOptions()
                        .responseTimeout(Duration.ofSeconds(30))
                        .build())
                .build()) {
            Outcome outcome = interruptWhen(() -> server.requestCount() > 0, () -> client.pause("ftjob-1"));
            assertThat(outcome.thrown())
                    .isInstanceOf(FineTuningInterruptedException.class)
                    .hasMessage("Interrupted: POST /openai/v1/fine_tuning/jobs/ftjob-1/pause was abandoned");
            assertThat(outcome.interruptFlagSet()).isTrue();
            assertThat(outcome.millisAfterInterrupt()).isLessThan(1000);
        }
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void interruptWhileReadingASlowBody() throws InterruptedException {
        server.otherwise(Step.trickle(TestJobs.job("ftjob-1", "running"), 1, Duration.ofMillis(200)));
        try (FineTuningClient client = TestClients.client(server.baseUrl())) {
            Outcome outcome = interruptWhen(() -> server.requestCount() > 0, () -> client.get("ftjob-1"));
            assertThat(outcome.thrown()).isInstanceOf(FineTuningInterruptedException.class);
            assertThat(outcome.interruptFlagSet()).isTrue();
            assertThat(outcome.millisAfterInterrupt()).isLessThan(1000);
        }
    }

    @Test
    void interruptDuringBackoff() throws InterruptedException {
        server.otherwise(
                Step.azureError(503, "ServiceUnavailable", "busy", null).header("Retry-After", "20"));
        try (FineTuningClient client = TestClients.builder(server.baseUrl())
                .httpOptions(TestClients.fastOptions()
                        .maxRetryDelay(Duration.ofSeconds(30))
                        .maxRetryDuration(Duration.ofMinutes(1))
                        .build())
                .build()) {
            Outcome outcome = interruptWhen(() -> server.requestCount() > 0, () -> client.get("ftjob-1"));
            assertThat(outcome.thrown())
                    .isInstanceOf(FineTuningInterruptedException.class)
                    .hasMessageContaining("GET /openai/v1/fine_tuning/jobs/ftjob-1");
            assertThat(outcome.interruptFlagSet()).isTrue();
            assertThat(outcome.millisAfterInterrupt()).isLessThan(1000);
        }
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void interruptDuringWaitForStatus() throws InterruptedException {
        server.otherwise(Step.json(200, TestJobs.job("ftjob-1", "pausing")));
        try (FineTuningClient client = TestClients.client(server.baseUrl())) {
            Outcome outcome = interruptWhen(
                    () -> server.requestCount() > 0,
                    () -> client.waitForStatus(
                            "ftjob-1",
                            WaitOptions.until(JobStatus.PAUSED)
                                    .pollInterval(Duration.ofSeconds(20))
                                    .timeout(Duration.ofMinutes(1))));
            assertThat(outcome.thrown())
                    .isInstanceOf(FineTuningInterruptedException.class)
                    .hasMessage(
                            "Interrupted while waiting for fine-tuning job 'ftjob-1'; its last status was 'pausing'");
            assertThat(outcome.interruptFlagSet()).isTrue();
            assertThat(outcome.millisAfterInterrupt()).isLessThan(1000);
        }
    }

    @Test
    void alreadyInterruptedThreadSendsNothing() throws InterruptedException {
        try (FineTuningClient client = TestClients.client(server.baseUrl())) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicBoolean flag = new AtomicBoolean();
            Thread worker = new Thread(() -> {
                Thread.currentThread().interrupt();
                try {
                    client.pause("ftjob-1");
                } catch (Throwable t) {
                    thrown.set(t);
                }
                flag.set(Thread.currentThread().isInterrupted());
            });
            worker.start();
            worker.join(5000);
            assertThat(thrown.get()).isInstanceOf(FineTuningInterruptedException.class);
            assertThat(flag).isTrue();
        }
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void clientStillWorksAfterAnInterruptedCall() throws InterruptedException {
        server.enqueue(Step.neverAnswer());
        server.otherwise(Step.json(200, TestJobs.job("ftjob-1", "running")));
        try (FineTuningClient client = TestClients.client(server.baseUrl())) {
            interruptWhen(() -> server.requestCount() > 0, () -> client.get("ftjob-1"));
            assertThat(client.get("ftjob-1").status()).isEqualTo(JobStatus.RUNNING);
        }
    }

    @Test
    void manyClientsWithRequestsInFlightShareOneWatchdogThread() throws InterruptedException {
        int clients = 20;
        server.otherwise(Step.neverAnswer());
        List<FineTuningClient> opened = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        List<Throwable> thrown = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch ended = new CountDownLatch(clients);
        try {
            for (int i = 0; i < clients; i++) {
                FineTuningClient client = TestClients.builder(server.baseUrl())
                        .httpOptions(TestClients.fastOptions()
                                .responseTimeout(Duration.ofSeconds(30))
                                .build())
                        .build();
                opened.add(client);
                Thread worker = new Thread(
                        () -> {
                            try {
                                client.pause("ftjob-1");
                            } catch (Throwable t) {
                                thrown.add(t);
                            } finally {
                                ended.countDown();
                            }
                        },
                        "interrupt-test-worker-" + i);
                worker.setDaemon(true);
                workers.add(worker);
                worker.start();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (server.requestCount() < clients && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(server.requestCount()).isEqualTo(clients);
            assertThat(watchdogThreads()).isEqualTo(1);

            workers.forEach(Thread::interrupt);
            assertThat(ended.await(5, TimeUnit.SECONDS))
                    .as("every call gave up after its interrupt")
                    .isTrue();
            assertThat(thrown).hasSize(clients).allMatch(t -> t instanceof FineTuningInterruptedException);
            assertThat(watchdogThreads()).isLessThanOrEqualTo(1);
        } finally {
            for (FineTuningClient client : opened) {
                client.close();
            }
        }
    }

    @Test
    void theWatchdogThreadEndsWhenNothingIsInFlightAndComesBackForTheNextRequest() throws InterruptedException {
        String name = "interrupt-test-watchdog";
        InterruptWatchdog watchdog = new InterruptWatchdog(Duration.ofMillis(100), name);
        AtomicBoolean cancelled = new AtomicBoolean();
        Cancellable request = () -> {
            cancelled.set(true);
            return true;
        };
        assertThat(threadsNamed(name)).isZero();

        watchdog.register(request);
        assertThat(threadsNamed(name)).isEqualTo(1);
        watchdog.unregister(request);
        awaitThreads(name, 0);

        // The next request starts a thread again, and it still sees interrupts.
        AtomicReference<Thread> worker = new AtomicReference<>();
        CountDownLatch registered = new CountDownLatch(1);
        Thread thread = new Thread(() -> {
            worker.set(Thread.currentThread());
            watchdog.register(request);
            registered.countDown();
            while (!cancelled.get()) {
                Thread.onSpinWait();
            }
            watchdog.unregister(request);
        });
        thread.setDaemon(true);
        thread.start();
        assertThat(registered.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(threadsNamed(name)).isEqualTo(1);
        thread.interrupt();
        thread.join(5000);
        assertThat(cancelled).isTrue();
        awaitThreads(name, 0);
    }

    private static int watchdogThreads() {
        return threadsNamed(InterruptWatchdog.THREAD_NAME);
    }

    private static int threadsNamed(String name) {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals(name))
                .count();
    }

    private static void awaitThreads(String name, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (threadsNamed(name) != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(threadsNamed(name)).isEqualTo(expected);
    }
}
