package io.jenkins.plugins.finetune.client.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.finetune.client.RequestGate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The AIMD rules, one answer at a time (the behaviour against a throttling server is in ThrottledBulkOperationTest). */
@Timeout(10)
class AdaptiveConcurrencyTest {

    private static List<Long> fill(AdaptiveConcurrency gate, int requests) throws InterruptedException {
        List<Long> tickets = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            tickets.add(gate.enter());
        }
        return tickets;
    }

    @Test
    void startsAtEightAndGrowsByOnePerCleanAnswerWhileTheLimitIsWhatHoldsItBack() throws Exception {
        AdaptiveConcurrency gate = new AdaptiveConcurrency(64);
        assertThat(gate.limit()).isEqualTo(AdaptiveConcurrency.INITIAL);

        List<Long> tickets = fill(gate, 8);
        gate.exit(tickets.get(0), 200);
        assertThat(gate.limit()).isEqualTo(9);
        tickets.addAll(fill(gate, 2));
        gate.exit(tickets.get(1), 409); // the job's state, not the server's load: still a clean answer
        assertThat(gate.limit()).isEqualTo(10);

        gate.exit(tickets.get(2), 200); // 8 of 10 in flight: the limit was not what held anything back
        assertThat(gate.limit()).isEqualTo(10);
    }

    @Test
    void halvesOn429Or503OncePerRoundTrip() throws Exception {
        AdaptiveConcurrency gate = new AdaptiveConcurrency(64);
        List<Long> beforeCut = fill(gate, 8);

        gate.exit(beforeCut.get(0), 429);
        assertThat(gate.limit()).isEqualTo(4);
        // Sent before the cut: echoes of the same overload. Mostly clean, so no further cut and no growth.
        gate.exit(beforeCut.get(1), 200);
        gate.exit(beforeCut.get(2), 200);
        gate.exit(beforeCut.get(3), 200);
        gate.exit(beforeCut.get(4), 429);
        assertThat(gate.limit()).isEqualTo(4);

        long afterCut = gate.enter();
        gate.exit(afterCut, 503);
        assertThat(gate.limit()).isEqualTo(2);
        assertThat(gate.summary()).startsWith("Azure throttled 3 answers: concurrency cut back 2 times, now ");
    }

    @Test
    void whenMostOfARoundTripIsRefusedTheLimitFollowsTheShareThatGotThrough() throws Exception {
        AdaptiveConcurrency gate = new AdaptiveConcurrency(64);
        List<Long> beforeCut = fill(gate, 8);

        gate.exit(beforeCut.get(0), 429);
        for (int i = 1; i < 7; i++) {
            gate.exit(beforeCut.get(i), 429);
        }
        gate.exit(beforeCut.get(7), 200);

        // 1 of the 7 echoes got through: 8 × 1/7 ≈ 1, well below half of 8.
        assertThat(gate.limit()).isEqualTo(1);
    }

    @Test
    void afterTheFirstCutGrowsByAboutOnePerRoundTrip() throws Exception {
        AdaptiveConcurrency gate = new AdaptiveConcurrency(64);
        gate.exit(gate.enter(), 429); // 8 → 4, slow start over
        int start = gate.limit();
        Deque<Long> inFlight = new ArrayDeque<>(fill(gate, start));
        for (int roundTrip = 0; roundTrip < 6; roundTrip++) {
            int before = gate.limit();
            for (int answer = 0; answer < before; answer++) {
                gate.exit(inFlight.poll(), 200);
                while (inFlight.size() < gate.limit()) {
                    inFlight.add(gate.enter()); // requests keep coming as long as the limit lets them
                }
            }
            assertThat(gate.limit()).as("round trip %d", roundTrip).isBetween(before, before + 1);
        }
        assertThat(gate.limit()).isGreaterThanOrEqualTo(start + 4); // slow start would have doubled each time
    }

    @Test
    void neverGrowsBeyondTheMaximumNorBelowOne() throws Exception {
        AdaptiveConcurrency gate = new AdaptiveConcurrency(10);
        for (int roundTrip = 0; roundTrip < 5; roundTrip++) {
            for (long ticket : fill(gate, gate.limit())) {
                gate.exit(ticket, 200);
            }
        }
        assertThat(gate.limit()).isEqualTo(10);

        for (int i = 0; i < 10; i++) {
            gate.exit(gate.enter(), 503);
        }
        assertThat(gate.limit()).isEqualTo(1);
        assertThat(new AdaptiveConcurrency(3).limit()).isEqualTo(3);
        assertThatThrownBy(() -> new AdaptiveConcurrency(0)).hasMessageContaining("concurrency");
    }

    @Test
    void aRequestOverTheLimitWaitsForOneToEnd() throws Exception {
        AdaptiveConcurrency gate = new AdaptiveConcurrency(1);
        long first = gate.enter();
        AtomicBoolean entered = new AtomicBoolean();
        Thread second = new Thread(() -> {
            try {
                gate.exit(gate.enter(), 200);
                entered.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        second.start();
        while (second.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        assertThat(entered).isFalse();

        gate.exit(first, RequestGate.NO_ANSWER);
        second.join();
        assertThat(entered).isTrue();
    }
}
