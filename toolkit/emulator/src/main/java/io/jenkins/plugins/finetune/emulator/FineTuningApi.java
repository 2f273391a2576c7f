package io.jenkins.plugins.finetune.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Map;

/** The emulated service itself: one method per operation, each answering JSON for an authorised request. */
final class FineTuningApi {
    private static final int MAX_LIMIT = 100;

    private final JobStore store;

    FineTuningApi(JobStore store) {
        this.store = store;
    }

    Reply handle(Route route, Map<String, String> query, String body) {
        Dialect dialect = route.dialect();
        String jobId = route.jobId();
        ObjectNode json =
                switch (route.operation()) {
                    case CREATE_JOB -> store.add(JobRequests.parseCreate(body), job -> JobJson.job(job, dialect));
                    case LIST_JOBS ->
                        JobJson.list(
                                store.list(query.get("after"), limit(query, 20), job -> JobJson.job(job, dialect)),
                                false);
                    case GET_JOB -> store.read(jobId, job -> JobJson.job(job, dialect));
                    case PAUSE -> store.pause(jobId, job -> JobJson.job(job, dialect));
                    case RESUME -> store.resume(jobId, job -> JobJson.job(job, dialect));
                    case CANCEL -> store.cancel(jobId, job -> JobJson.job(job, dialect));
                    case LIST_EVENTS ->
                        JobJson.list(store.events(jobId, query.get("after"), limit(query, 20), JobJson::event), false);
                    case LIST_CHECKPOINTS ->
                        JobJson.list(
                                store.checkpoints(
                                        jobId,
                                        query.get("after"),
                                        limit(query, 10),
                                        checkpoint -> JobJson.checkpoint(checkpoint, jobId)),
                                true);
                };
        return Reply.json(200, write(json));
    }

    /** {@code limit}: a whole number from 1 to 100; a wrong one is refused rather than quietly clamped. */
    private static int limit(Map<String, String> query, int defaultLimit) {
        String text = query.get("limit");
        if (text == null) {
            return defaultLimit;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw ApiError.badRequest(
                "invalidPayload",
                "'limit' must be a whole number from 1 to " + MAX_LIMIT + ", not '" + text + "'.",
                "limit");
    }

    private static String write(ObjectNode json) {
        try {
            return Json.MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
