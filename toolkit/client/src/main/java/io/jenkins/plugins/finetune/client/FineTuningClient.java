package io.jenkins.plugins.finetune.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Function;

/**
 * Client for the Azure AI Foundry fine-tuning job routes: pause (the reason this exists), resume,
 * cancel, get, list, events (also followed: {@link #eventsSince}) and checkpoints, plus waiting for a status. Thread-safe; one instance shares one
 * connection pool, so create it once per configuration and close it when done.
 *
 * <pre>{@code
 * try (FineTuningClient client = FineTuningClient.builder()
 *         .endpoint("https://my-resource.openai.azure.com")
 *         .credential(new ApiKeyCredential(System.getenv("AZURE_OPENAI_API_KEY")))
 *         .build()) {
 *     FineTuningJob job = client.pause("ftjob-abc123");
 * }
 * }</pre>
 */
public final class FineTuningClient implements AutoCloseable {

    /** The largest {@code limit} the list routes take. */
    public static final int MAX_PAGE_SIZE = 100;

    /**
     * Most checkpoints {@link #listAllCheckpoints(String)} lists: Azure keeps a few per job, so a listing past this
     * many is a server going round in circles, not a job's history.
     */
    public static final int DEFAULT_MAX_CHECKPOINTS = 1000;

    /** Most events one {@link #eventsSince} call returns. */
    public static final int MAX_EVENTS_PER_CALL = 1000;

    private final FoundryEndpoint endpoint;
    private final ApiVersion apiVersion;
    private final HttpPipeline pipeline;
    private final ErrorMapper errors;
    private final boolean failOnIncompleteListing;
    private final RequestGate gate;
    /** False for a {@link #withRequestGate} view: the pool belongs to the client it was made from. */
    private final boolean ownsPipeline;

    FineTuningClient(
            FoundryEndpoint endpoint, ApiVersion apiVersion, HttpPipeline pipeline, boolean failOnIncompleteListing) {
        this(endpoint, apiVersion, pipeline, failOnIncompleteListing, RequestGate.OPEN, true);
    }

    private FineTuningClient(
            FoundryEndpoint endpoint,
            ApiVersion apiVersion,
            HttpPipeline pipeline,
            boolean failOnIncompleteListing,
            RequestGate gate,
            boolean ownsPipeline) {
        this.failOnIncompleteListing = failOnIncompleteListing;
        this.endpoint = endpoint;
        this.apiVersion = apiVersion;
        this.pipeline = pipeline;
        this.errors = new ErrorMapper(endpoint, apiVersion, pipeline::scrub, pipeline.rejectionAdvice(endpoint));
        this.gate = gate;
        this.ownsPipeline = ownsPipeline;
    }

    public static FineTuningClientBuilder builder() {
        return new FineTuningClientBuilder();
    }

    /**
     * This client with every HTTP attempt (retries included) admitted by {@code gate}: same endpoint,
     * credential, connection pool and shared {@code Retry-After} hold-back. Closing the returned
     * client does nothing; close this one.
     */
    public FineTuningClient withRequestGate(RequestGate gate) {
        return new FineTuningClient(
                endpoint,
                apiVersion,
                pipeline,
                failOnIncompleteListing,
                java.util.Objects.requireNonNull(gate, "gate"),
                false);
    }

    public FoundryEndpoint endpoint() {
        return endpoint;
    }

    public ApiVersion apiVersion() {
        return apiVersion;
    }

    /** Pauses a running job; Azure answers with the job, usually in status {@code pausing}. */
    public FineTuningJob pause(String jobId) {
        return pauseWithResponse(jobId).value();
    }

    public FineTuningResponse<FineTuningJob> pauseWithResponse(String jobId) {
        return changeState(jobId, JobAction.PAUSE);
    }

    /** Resumes a paused job. */
    public FineTuningJob resume(String jobId) {
        return resumeWithResponse(jobId).value();
    }

    public FineTuningResponse<FineTuningJob> resumeWithResponse(String jobId) {
        return changeState(jobId, JobAction.RESUME);
    }

    /** Cancels a job that has not finished. */
    public FineTuningJob cancel(String jobId) {
        return cancelWithResponse(jobId).value();
    }

    public FineTuningResponse<FineTuningJob> cancelWithResponse(String jobId) {
        return changeState(jobId, JobAction.CANCEL);
    }

    /** Reads a job. */
    public FineTuningJob get(String jobId) {
        return getWithResponse(jobId).value();
    }

    public FineTuningResponse<FineTuningJob> getWithResponse(String jobId) {
        String id = JobIds.requireValid(jobId);
        String action = "read fine-tuning job '" + id + "'";
        RawResponse response = pipeline.send("GET", uri("/fine_tuning/jobs/" + id, null, null), gate);
        return asJob(response, action);
    }

    /**
     * One page of jobs, newest first.
     *
     * @param after the last job id of the previous page, or {@code null} for the first page
     * @param limit page size 1..100, or {@code null} for Azure's default (20)
     */
    public Page<FineTuningJob> listJobs(String after, Integer limit) {
        String afterId = after == null || after.isBlank() ? null : JobIds.requireValid(after);
        return listPage("/fine_tuning/jobs", "list fine-tuning jobs", afterId, limit, FineTuningJob::new, null, null);
    }

    /**
     * Every job, fetching pages of {@code pageSize} lazily as the iteration goes: memory holds one
     * page at a time, however many jobs the resource has.
     *
     * @throws FineTuningIncompleteListingException during the iteration, when the client was built with
     *     {@link FineTuningClientBuilder#failOnIncompleteListing(boolean)} and Azure says more jobs follow
     *     but sends an empty page or a cursor seen before; otherwise the iteration ends there
     */
    public Iterable<FineTuningJob> listAllJobs(int pageSize) {
        checkLimit(pageSize);
        return () -> new PagingIterator<>(
                after -> listJobs(after, pageSize), FineTuningJob::id, "fine-tuning jobs", failOnIncompleteListing);
    }

    /** One page of a job's events, newest first. */
    public Page<FineTuningEvent> listEvents(String jobId, String after, Integer limit) {
        String id = JobIds.requireValid(jobId);
        return listPage(
                "/fine_tuning/jobs/" + id + "/events",
                "list events of fine-tuning job '" + id + "'",
                requireCursor(after, JobIds::problemWithEventId),
                limit,
                FineTuningEvent::new,
                FineTuningEvent::id,
                "events");
    }

    /** The cursor without spaces at its ends, {@code null} for none; a message naming {@code after} otherwise. */
    private static String requireCursor(String after, Function<String, String> problemWith) {
        if (after == null || after.isBlank()) {
            return null;
        }
        String problem = problemWith.apply(after);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return after.strip();
    }

    /**
     * One page of a job's checkpoints, newest first.
     *
     * @param after the last checkpoint id of the previous page, or {@code null} for the first page
     * @param limit page size 1..100, or {@code null} for Azure's default (10)
     * @throws FineTuningApiException also when a listed checkpoint has no id or one that is not an id (it would be
     *     the next page's cursor)
     */
    public Page<FineTuningCheckpoint> listCheckpoints(String jobId, String after, Integer limit) {
        String id = JobIds.requireValid(jobId);
        return listPage(
                "/fine_tuning/jobs/" + id + "/checkpoints",
                "list checkpoints of fine-tuning job '" + id + "'",
                requireCursor(after, JobIds::problemWithCheckpointId),
                limit,
                FineTuningCheckpoint::new,
                FineTuningCheckpoint::id,
                "checkpoints");
    }

    /** As {@link #listAllCheckpoints(String, int)} with at most {@value #DEFAULT_MAX_CHECKPOINTS}. */
    public List<FineTuningCheckpoint> listAllCheckpoints(String jobId) {
        return listAllCheckpoints(jobId, DEFAULT_MAX_CHECKPOINTS);
    }

    /**
     * Every checkpoint of a job, newest first (as Azure lists them), following {@code has_more} page by page.
     *
     * @param maxCheckpoints at most this many (1..10,000)
     * @throws FineTuningIncompleteListingException when Azure still says more follow after {@code maxCheckpoints},
     *     or (for a client built with {@link FineTuningClientBuilder#failOnIncompleteListing(boolean)}) answers a
     *     page that does not move on: what was listed is not the whole list
     */
    public List<FineTuningCheckpoint> listAllCheckpoints(String jobId, int maxCheckpoints) {
        String id = JobIds.requireValid(jobId);
        if (maxCheckpoints < 1 || maxCheckpoints > 10_000) {
            throw new IllegalArgumentException("maxCheckpoints: must be between 1 and 10000, got " + maxCheckpoints);
        }
        int pageSize = Math.min(MAX_PAGE_SIZE, maxCheckpoints);
        List<FineTuningCheckpoint> out = new ArrayList<>();
        Iterator<FineTuningCheckpoint> all = new PagingIterator<>(
                after -> listCheckpoints(id, after, pageSize),
                FineTuningCheckpoint::id,
                "checkpoints of fine-tuning job '" + id + "'",
                failOnIncompleteListing);
        while (all.hasNext()) {
            if (out.size() == maxCheckpoints) {
                throw new FineTuningIncompleteListingException(
                        "Could not list all checkpoints of fine-tuning job '" + id + "': Azure still said more follow"
                                + " after " + maxCheckpoints + ", the most one listing takes, so it stopped there.",
                        out.size());
            }
            out.add(all.next());
        }
        return out;
    }

    /**
     * The job's events newer than {@code lastSeenEventId}, oldest first, for following a job: Azure lists events
     * newest first, so this reads from the newest down to the last one seen, page by page, and at most
     * {@code maxEvents} of them. Pass {@link NewEvents#lastEventId()} to the next call.
     *
     * @param lastSeenEventId the newest event already shown, or {@code null} for the job's first events (up to
     *     {@code maxEvents} of the newest)
     * @param maxEvents at most this many events (1..{@value #MAX_EVENTS_PER_CALL}); beyond them the newest are kept
     *     and {@link NewEvents#olderOmitted()} says so
     * @throws FineTuningIncompleteListingException for a client built with
     *     {@link FineTuningClientBuilder#failOnIncompleteListing(boolean)}, when Azure says more follow but answers a
     *     page that does not move on (otherwise the events found so far are returned)
     */
    public NewEvents eventsSince(String jobId, String lastSeenEventId, int maxEvents) {
        String id = JobIds.requireValid(jobId);
        String lastSeen = requireCursor(lastSeenEventId, JobIds::problemWithEventId);
        if (maxEvents < 1 || maxEvents > MAX_EVENTS_PER_CALL) {
            throw new IllegalArgumentException(
                    "maxEvents: must be between 1 and " + MAX_EVENTS_PER_CALL + ", got " + maxEvents);
        }
        int pageSize = Math.min(MAX_PAGE_SIZE, maxEvents + 1);
        java.util.LinkedHashMap<String, FineTuningEvent> newestFirst = new java.util.LinkedHashMap<>();
        Iterator<FineTuningEvent> all = new PagingIterator<>(
                after -> listEvents(id, after, pageSize),
                FineTuningEvent::id,
                "events of fine-tuning job '" + id + "'",
                failOnIncompleteListing);
        boolean found = false;
        boolean omitted = false;
        while (all.hasNext()) {
            FineTuningEvent event = all.next();
            if (event.id().equals(lastSeen)) {
                found = true;
                break;
            }
            if (newestFirst.containsKey(event.id())) {
                continue; // listed twice: shown once
            }
            if (newestFirst.size() == maxEvents) {
                omitted = true;
                break;
            }
            newestFirst.put(event.id(), event);
        }
        List<FineTuningEvent> oldestFirst = new ArrayList<>(newestFirst.values());
        java.util.Collections.reverse(oldestFirst);
        String cursor = oldestFirst.isEmpty()
                ? lastSeen
                : oldestFirst.get(oldestFirst.size() - 1).id();
        return new NewEvents(oldestFirst, cursor, omitted, lastSeen != null && !found && !omitted);
    }

    /**
     * Polls the job until its status is one of the targets or terminal, and returns it.
     *
     * @throws FineTuningWaitTimeoutException naming the last status when the timeout passes first
     * @throws FineTuningInterruptedException when the calling thread is interrupted
     */
    public FineTuningJob waitForStatus(String jobId, WaitOptions options) {
        return new StatusPoller(this::get, HttpPipeline.Sleeper.THREAD_SLEEP)
                .await(JobIds.requireValid(jobId), options);
    }

    private FineTuningResponse<FineTuningJob> changeState(String jobId, JobAction action) {
        String id = JobIds.requireValid(jobId);
        String description = action.verb() + " fine-tuning job '" + id + "'";
        RawResponse response =
                pipeline.send("POST", uri("/fine_tuning/jobs/" + id + "/" + action.verb(), null, null), gate);
        if (response.isSuccess()) {
            return asJob(response, description);
        }
        FineTuningJob current = null;
        if (response.status() == 400 || response.status() == 409) {
            current = currentJobOrNull(id);
            if (current != null && response.attempts() > 1 && action.isResultOf(current.status())) {
                // An earlier attempt took effect before its answer was lost; the job is where we asked.
                return new FineTuningResponse<>(200, response.requestId(), response.attempts(), current);
            }
        }
        throw errors.toException(response, description, current);
    }

    /** The job after a refused change, to say why it was refused; {@code null} if it cannot be read. */
    private FineTuningJob currentJobOrNull(String id) {
        try {
            return get(id);
        } catch (FineTuningInterruptedException e) {
            throw e;
        } catch (FineTuningException e) {
            return null;
        }
    }

    private FineTuningResponse<FineTuningJob> asJob(RawResponse response, String action) {
        if (!response.isSuccess()) {
            throw errors.toException(response, action, null);
        }
        ObjectNode json = Json.parseObject(response.body());
        if (json == null || !json.path("id").isTextual()) {
            throw errors.malformed(response, action, "a fine_tuning.job JSON object");
        }
        return new FineTuningResponse<>(
                response.status(), response.requestId(), response.attempts(), new FineTuningJob(json));
    }

    /**
     * @param after   a cursor already checked, or {@code null}
     * @param idOf    when not {@code null}, every listed item must have an id that could be sent back as a cursor
     *     ({@code things} names them in the message); jobs' ids are checked by their listings
     */
    private <T> Page<T> listPage(
            String path,
            String action,
            String after,
            Integer limit,
            Function<ObjectNode, T> item,
            Function<T, String> idOf,
            String things) {
        if (limit != null) {
            checkLimit(limit);
        }
        RawResponse response = pipeline.send("GET", uri(path, after, limit), gate);
        if (!response.isSuccess()) {
            throw errors.toException(response, action, null);
        }
        ObjectNode json = Json.parseObject(response.body());
        JsonNode data = json == null ? null : json.get("data");
        if (data == null || !data.isArray()) {
            throw errors.malformed(response, action, "a list object with a data array");
        }
        List<T> items = new ArrayList<>(data.size());
        for (JsonNode element : data) {
            if (!(element instanceof ObjectNode object)) {
                throw errors.malformed(response, action, "a list of JSON objects");
            }
            T parsed = item.apply(object);
            if (idOf != null && JobIds.problemWithEventId(idOf.apply(parsed)) != null) {
                throw errors.malformed(
                        response,
                        action,
                        "a list of " + things + " whose ids are letters, digits, '.', '_', ':' or '-'");
            }
            items.add(parsed);
        }
        return new Page<>(items, json.path("has_more").asBoolean(false));
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("limit: must be between 1 and " + MAX_PAGE_SIZE + ", got " + limit);
        }
    }

    /** {@code {endpoint}{route prefix}{path}?api-version=..[&after=..][&limit=..]}; ids are pre-validated. */
    private URI uri(String path, String after, Integer limit) {
        StringBuilder url = new StringBuilder(endpoint.baseUrl())
                .append(apiVersion.routePrefix())
                .append(path)
                .append("?api-version=")
                .append(encode(apiVersion.value()));
        if (after != null) {
            url.append("&after=").append(encode(after));
        }
        if (limit != null) {
            url.append("&limit=").append(limit);
        }
        return URI.create(url.toString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (!ownsPipeline) {
            return;
        }
        try {
            pipeline.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the HTTP connection pool failed", e);
        }
    }

    @Override
    public String toString() {
        return "FineTuningClient[endpoint=" + endpoint + ", apiVersion=" + apiVersion + "]";
    }

    /**
     * Walks pages by {@code after} = last id until Azure says there are no more. A page that would not
     * move the walk forward (empty, or ending on a cursor already used) ends it: quietly, or with
     * {@link FineTuningIncompleteListingException} when {@code failWhenIncomplete}.
     */
    private static final class PagingIterator<T> implements Iterator<T> {
        private final Function<String, Page<T>> fetch;
        private final Function<T, String> idOf;
        private final String what;
        private final boolean failWhenIncomplete;
        private final Set<String> cursors = new HashSet<>();
        private Iterator<T> current = List.<T>of().iterator();
        private String after;
        private boolean more = true;
        private int listed;

        PagingIterator(Function<String, Page<T>> fetch, Function<T, String> idOf, String what, boolean fail) {
            this.fetch = fetch;
            this.idOf = idOf;
            this.what = what;
            this.failWhenIncomplete = fail;
        }

        @Override
        public boolean hasNext() {
            while (!current.hasNext() && more) {
                Page<T> page = fetch.apply(after);
                List<T> data = page.data();
                String last = data.isEmpty() ? null : idOf.apply(data.get(data.size() - 1));
                boolean stuck = page.hasMore() && (last == null || !cursors.add(last));
                if (stuck && failWhenIncomplete) {
                    throw new FineTuningIncompleteListingException(
                            "Could not list all " + what + ": Azure said more follow after " + listed
                                    + " listed but answered "
                                    + (last == null
                                            ? "an empty page"
                                            : "with a cursor seen before ('" + Texts.printable(last, 64) + "')")
                                    + ", so the list is incomplete; try again later.",
                            listed);
                }
                more = page.hasMore() && !stuck;
                after = last;
                current = data.iterator();
                listed += data.size();
            }
            return current.hasNext();
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return current.next();
        }
    }
}
