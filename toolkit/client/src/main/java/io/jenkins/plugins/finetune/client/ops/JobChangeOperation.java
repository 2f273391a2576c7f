package io.jenkins.plugins.finetune.client.ops;

import io.jenkins.plugins.finetune.client.FineTuningApiException;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.client.FineTuningResponse;
import io.jenkins.plugins.finetune.client.JobStatus;
import io.jenkins.plugins.finetune.client.WaitOptions;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The one execution path of {@code pauseFineTune} (and its resume/cancel siblings), shared by the
 * Pipeline step, the freestyle builder and the CLI: send the change, treat "not eligible" as the
 * request says, optionally wait for the final status, and log one concise line per stage.
 */
public final class JobChangeOperation {

    private JobChangeOperation() {}

    /**
     * @param log receives one line per stage, never a secret
     * @throws FineTuningApiException when Azure refuses and the request says to fail
     */
    public static JobChangeResult run(FineTuningClient client, JobChangeRequest request, Consumer<String> log) {
        JobChangeResult result = change(client, request, log);
        return request.waitForFinalStatus() ? awaitFinalStatus(client, request, result, log) : result;
    }

    /**
     * The change of {@link #run} without its wait, whatever the request says about waiting: for a front end that
     * records the change before it waits ({@link #awaitFinalStatus}).
     *
     * @throws FineTuningApiException when Azure refuses and the request says to fail
     */
    public static JobChangeResult change(FineTuningClient client, JobChangeRequest request, Consumer<String> log) {
        JobChange change = request.change();
        String id = request.jobId();
        JobChangeResult result;
        try {
            FineTuningResponse<FineTuningJob> response = change.send(client, id);
            result = new JobChangeResult(
                    response.value(), change.eligibleFrom(), response.requestId(), JobChangeOutcome.CHANGED);
            log.accept(LogLines.changed(
                    change, id, result.previousStatus(), response.value().status(), response.requestId()));
        } catch (FineTuningApiException refused) {
            if (request.failIfNotEligible() || !refused.isInvalidJobState()) {
                throw refused;
            }
            FineTuningJob current = refused.currentJob() != null ? refused.currentJob() : client.get(id);
            JobChangeOutcome outcome = change.isAlreadyDone(current.status())
                    ? JobChangeOutcome.ALREADY_DONE
                    : JobChangeOutcome.NOT_ELIGIBLE;
            result = new JobChangeResult(current, current.status(), refused.requestId(), outcome);
            log.accept(LogLines.unchanged(change, id, current.status(), outcome));
        }
        return result;
    }

    /**
     * The wait of {@link #run} on its own, for a front end that records the change before it waits: polls until
     * the job is in the change's final status (or finished), unless the change was not made or already settled.
     *
     * @param changed what {@link #change} returned for the same request
     * @throws io.jenkins.plugins.finetune.client.FineTuningWaitTimeoutException when the timeout passes first
     */
    public static JobChangeResult awaitFinalStatus(
            FineTuningClient client, JobChangeRequest request, JobChangeResult changed, Consumer<String> log) {
        return awaitFinalStatus(client, request, changed, log, job -> {});
    }

    /**
     * {@link #awaitFinalStatus(FineTuningClient, JobChangeRequest, JobChangeResult, Consumer)}, calling {@code
     * eachPoll} with the job as each poll read it (see {@link WaitOptions#eachPoll}).
     */
    public static JobChangeResult awaitFinalStatus(
            FineTuningClient client,
            JobChangeRequest request,
            JobChangeResult changed,
            Consumer<String> log,
            Consumer<FineTuningJob> eachPoll) {
        JobChange change = request.change();
        if (changed.outcome() == JobChangeOutcome.NOT_ELIGIBLE
                || changed.job().status() == null
                || change.isSettled(changed.job().status())) {
            return changed;
        }
        long started = System.nanoTime();
        JobStatus before = changed.job().status();
        String id = request.jobId();
        FineTuningJob settled = client.waitForStatus(
                id,
                WaitOptions.until(change.finalStatus())
                        .timeout(request.timeout())
                        .pollInterval(request.pollInterval())
                        .maxPollInterval(Duration.ofSeconds(30))
                        .eachPoll(eachPoll));
        log.accept(LogLines.settled(id, before, settled.status(), Duration.ofNanos(System.nanoTime() - started)));
        return new JobChangeResult(settled, changed.previousStatus(), changed.requestId(), changed.outcome());
    }
}
