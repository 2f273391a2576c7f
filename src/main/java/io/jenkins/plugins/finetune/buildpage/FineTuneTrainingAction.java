package io.jenkins.plugins.finetune.buildpage;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Api;
import hudson.model.Run;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.client.ConsoleText;
import io.jenkins.plugins.finetune.client.FineTuningCheckpoint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import jenkins.model.RunAction2;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * Build page: the training curve of each fine-tuning job whose checkpoints this build read, drawn as charts of
 * the checkpoint metrics by step ({@code summary.jelly}), and served at {@code …/fine-tuning-training/api/json}.
 * Bounded: at most {@value #MAX_JOBS} jobs (the first recorded are dropped) and {@value #MAX_POINTS} checkpoints
 * per job (the lowest steps are dropped), so that {@code build.xml} stays bounded: a few KB for the few checkpoints
 * Azure keeps per job, 6.9 MB measured with every job full. Saved with the build.
 */
@ExportedBean
public class FineTuneTrainingAction implements RunAction2 {

    /** Most jobs one build keeps; recording one more drops the job recorded first. */
    public static final int MAX_JOBS = 10;

    /** Most checkpoints kept per job; more drop the lowest steps. */
    public static final int MAX_POINTS = 200;

    /** Longest checkpoint model name kept (Azure's are under 200 characters). */
    static final int MAX_NAME_LENGTH = 256;

    /** Only makes the first action of a build; each build then has its own lock. */
    private static final Object CREATING = new Object();

    /*
     * Copy-on-write, as FineTuneJobsAction: a change builds a new list under this action's monitor and publishes
     * it while holding the build's monitor, which every save of the build holds while it serializes, so a save
     * sees all of a change or none of it. The lists and jobs published are never changed afterwards.
     */

    private volatile List<JobTraining> jobs = new ArrayList<>();

    /** How many jobs were dropped to keep {@value #MAX_JOBS}. */
    private volatile int droppedJobs;

    private transient Run<?, ?> run;

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    /** A record saved without its list (none is ever saved so, but a hand-edited one could be). */
    protected Object readResolve() {
        if (jobs == null) {
            jobs = new ArrayList<>();
        }
        return this;
    }

    @CheckForNull
    public Run<?, ?> getRun() {
        return run;
    }

    /** No side-panel link: the charts are on the build's own page. */
    @Override
    @CheckForNull
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return Messages.FineTuneTrainingAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return "fine-tuning-training";
    }

    /** The jobs, in the order their checkpoints were first recorded. */
    @Exported
    @NonNull
    public List<JobTraining> getJobs() {
        return Collections.unmodifiableList(jobs);
    }

    /** How many jobs were recorded but dropped, beyond {@value #MAX_JOBS}. */
    @Exported
    public int getDroppedJobs() {
        return droppedJobs;
    }

    /** {@code …/fine-tuning-training/api/json}: what the charts draw, as data (Jenkins' remote API). */
    public Api getApi() {
        return new Api(this);
    }

    public int getMaxJobs() {
        return MAX_JOBS;
    }

    public int getMaxPoints() {
        return MAX_POINTS;
    }

    /**
     * Adds the checkpoints of one job to the build page, merged with those recorded before (by step: the newer
     * reading of a step wins), so that a step that lists every checkpoint and a wait that passes on new ones as
     * they come record alike, and a read made again after a restart changes nothing. A checkpoint without a step
     * cannot be placed and is left out. Saves the build; never throws for a failed save.
     */
    public static void recordCheckpoints(
            @NonNull Run<?, ?> run, @NonNull String jobId, @NonNull List<FineTuningCheckpoint> checkpoints) {
        FineTuneTrainingAction action = of(run);
        synchronized (action) {
            String id = ConsoleText.sanitize(jobId);
            List<JobTraining> next = new ArrayList<>(action.jobs);
            int index = indexOf(next, id);
            if (index >= 0) {
                next.set(index, next.get(index).with(checkpoints));
            } else {
                next.add(new JobTraining(id, List.of(), 0).with(checkpoints));
            }
            int dropped = action.droppedJobs;
            while (next.size() > MAX_JOBS) {
                next.remove(0);
                dropped++;
            }
            action.publish(run, next, dropped);
        }
        BuildSaves.save(run, "the training curves");
    }

    private static int indexOf(List<JobTraining> jobs, String jobId) {
        for (int i = 0; i < jobs.size(); i++) {
            if (jobs.get(i).getJobId().equals(jobId)) {
                return i;
            }
        }
        return -1;
    }

    @NonNull
    private static FineTuneTrainingAction of(@NonNull Run<?, ?> run) {
        FineTuneTrainingAction action = run.getAction(FineTuneTrainingAction.class);
        if (action != null) {
            return action;
        }
        synchronized (CREATING) {
            action = run.getAction(FineTuneTrainingAction.class);
            if (action == null) {
                action = new FineTuneTrainingAction();
                run.addAction(action);
            }
            return action;
        }
    }

    private void publish(Run<?, ?> owner, List<JobTraining> newJobs, int newDroppedJobs) {
        synchronized (owner) {
            jobs = newJobs;
            droppedJobs = newDroppedJobs;
        }
    }

    /** One job's checkpoints, by step; never changed once published. */
    @ExportedBean(defaultVisibility = 2)
    public static final class JobTraining {

        private final String jobId;
        private final List<TrainingPoint> points;
        private final int droppedPoints;

        JobTraining(String jobId, List<TrainingPoint> points, int droppedPoints) {
            this.jobId = jobId;
            this.points = new ArrayList<>(points); // an ArrayList, as build.xml keeps it
            this.droppedPoints = droppedPoints;
        }

        /** These points with the checkpoints merged in by step, at most {@value #MAX_POINTS}, lowest steps dropped. */
        JobTraining with(List<FineTuningCheckpoint> checkpoints) {
            TreeMap<Long, TrainingPoint> byStep = new TreeMap<>();
            for (TrainingPoint point : getPoints()) {
                byStep.put(point.getStep(), point);
            }
            for (FineTuningCheckpoint checkpoint : checkpoints) {
                TrainingPoint point = TrainingPoint.of(checkpoint);
                if (point != null) {
                    byStep.put(point.getStep(), point);
                }
            }
            int dropped = droppedPoints;
            while (byStep.size() > MAX_POINTS) {
                byStep.pollFirstEntry();
                dropped++;
            }
            return new JobTraining(jobId, new ArrayList<>(byStep.values()), dropped);
        }

        @Exported
        @NonNull
        public String getJobId() {
            return jobId;
        }

        /** Oldest step first. */
        @Exported
        @NonNull
        public List<TrainingPoint> getPoints() {
            return points == null ? List.of() : Collections.unmodifiableList(points);
        }

        /** Checkpoints dropped to keep {@value #MAX_POINTS}: the lowest steps. */
        @Exported
        public int getDroppedPoints() {
            return droppedPoints;
        }

        /** The checkpoint with the lowest validation loss ({@code valid_loss}); {@code null} if none has one. */
        @Exported
        @CheckForNull
        public TrainingPoint getBest() {
            TrainingPoint best = null;
            double lowest = Double.POSITIVE_INFINITY;
            for (TrainingPoint point : getPoints()) {
                Double loss = point.value(TrainingMetric.VALID_LOSS);
                if (loss != null && loss < lowest) { // the first of equal losses: the earliest step
                    best = point;
                    lowest = loss;
                }
            }
            return best;
        }

        /** The loss chart, then the accuracy chart; a chart without any value is left out. */
        @NonNull
        public List<TrainingChart> getCharts() {
            List<TrainingChart> charts = new ArrayList<>(2);
            TrainingChart losses = TrainingChart.of(Messages.TrainingChart_Loss(), getPoints(), TrainingMetric.LOSSES);
            if (losses != null) {
                charts.add(losses);
            }
            TrainingChart accuracies =
                    TrainingChart.of(Messages.TrainingChart_Accuracy(), getPoints(), TrainingMetric.ACCURACIES);
            if (accuracies != null) {
                charts.add(accuracies);
            }
            return charts;
        }
    }

    /** Sanitized and bounded text from Azure, for a page or JSON. */
    @CheckForNull
    static String name(@CheckForNull String text) {
        if (text == null) {
            return null;
        }
        String clean = ConsoleText.sanitize(text);
        return clean.length() <= MAX_NAME_LENGTH ? clean : clean.substring(0, MAX_NAME_LENGTH - 1) + "…";
    }
}
