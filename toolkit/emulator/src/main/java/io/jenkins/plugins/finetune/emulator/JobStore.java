package io.jenkins.plugins.finetune.emulator;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * All jobs, behind one lock. Every operation first lets the job catch up with the clock, then acts, then
 * hands back a rendering made inside the lock, so callers never see a job half-way through a change.
 */
final class JobStore {
    /** One page of a newest-first list. */
    record Page<T>(List<T> items, boolean hasMore) {}

    private final Clock clock;
    private final Timings timings;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private long nextSequence;

    JobStore(Clock clock, Timings timings) {
        this.clock = clock;
        this.timings = timings;
    }

    synchronized <T> T add(Job.JobSpec spec, Function<Job, T> view) {
        if (jobs.containsKey(spec.id())) {
            throw new IllegalArgumentException("a job with id " + spec.id() + " already exists");
        }
        Job job = new Job(spec, nextSequence++, clock.millis(), timings);
        jobs.put(job.id, job);
        return view.apply(job);
    }

    synchronized <T> T read(String jobId, Function<Job, T> view) {
        return view.apply(caughtUp(jobId));
    }

    synchronized boolean contains(String jobId) {
        return jobs.containsKey(jobId);
    }

    synchronized <T> T pause(String jobId, Function<Job, T> view) {
        Job job = find(jobId);
        job.pause(clock.millis());
        return view.apply(job);
    }

    synchronized <T> T resume(String jobId, Function<Job, T> view) {
        Job job = find(jobId);
        job.resume(clock.millis());
        return view.apply(job);
    }

    synchronized <T> T cancel(String jobId, Function<Job, T> view) {
        Job job = find(jobId);
        job.cancel(clock.millis());
        return view.apply(job);
    }

    /** Jobs newest first, as the service lists them; {@code after} is the last id of the previous page. */
    synchronized <T> Page<T> list(String after, int limit, Function<Job, T> view) {
        List<Job> newestFirst = new ArrayList<>(jobs.values());
        Collections.reverse(newestFirst);
        long now = clock.millis();
        newestFirst.forEach(job -> job.catchUp(now));
        return page(newestFirst, job -> job.id, after, limit, view);
    }

    synchronized <T> Page<T> events(String jobId, String after, int limit, Function<Job.Event, T> view) {
        List<Job.Event> newestFirst = new ArrayList<>(caughtUp(jobId).events());
        Collections.reverse(newestFirst);
        return page(newestFirst, Job.Event::id, after, limit, view);
    }

    synchronized <T> Page<T> checkpoints(String jobId, String after, int limit, Function<Job.Checkpoint, T> view) {
        List<Job.Checkpoint> newestFirst = new ArrayList<>(caughtUp(jobId).checkpoints());
        Collections.reverse(newestFirst);
        return page(newestFirst, Job.Checkpoint::id, after, limit, view);
    }

    synchronized List<String> ids() {
        return List.copyOf(jobs.keySet());
    }

    private Job caughtUp(String jobId) {
        Job job = find(jobId);
        job.catchUp(clock.millis());
        return job;
    }

    private Job find(String jobId) {
        Job job = jobs.get(jobId);
        if (job == null) {
            throw ApiError.jobNotFound(jobId);
        }
        return job;
    }

    private static <E, T> Page<T> page(
            List<E> all, Function<E, String> idOf, String after, int limit, Function<E, T> view) {
        int start = 0;
        if (after != null) {
            int index = indexOf(all, idOf, after);
            if (index < 0) {
                throw ApiError.badRequest(
                        "invalidPayload",
                        "The 'after' cursor '" + after + "' does not name an item of this list.",
                        "after");
            }
            start = index + 1;
        }
        int end = Math.min(all.size(), start + limit);
        List<T> items = all.subList(start, end).stream().map(view).toList();
        return new Page<>(items, end < all.size());
    }

    private static <E> int indexOf(List<E> all, Function<E, String> idOf, String id) {
        for (int i = 0; i < all.size(); i++) {
            if (idOf.apply(all.get(i)).equals(id)) {
                return i;
            }
        }
        return -1;
    }
}
