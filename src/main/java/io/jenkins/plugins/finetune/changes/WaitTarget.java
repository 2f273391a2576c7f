package io.jenkins.plugins.finetune.changes;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.client.ConsoleText;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.client.JobStatus;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * What {@code waitForFineTune} waits for: the statuses of {@code until} (default: any terminal one). The rules
 * for a status nobody knows are the bulk steps' ({@code allowUnknownStatus}): a typo would wait for ever, so it is
 * an error naming the field unless the user says the status is one Azure added later. Saved with the step's
 * state (statuses as strings).
 */
@Restricted(NoExternalUse.class)
public final class WaitTarget implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The statuses after which a job never changes again. */
    private static final List<String> TERMINAL =
            List.of(JobStatus.SUCCEEDED.value(), JobStatus.FAILED.value(), JobStatus.CANCELLED.value());

    private final List<String> statuses;

    private WaitTarget(List<String> statuses) {
        this.statuses = List.copyOf(statuses);
    }

    /**
     * @param until the statuses as the user wrote them (empty: any terminal status)
     * @param allowUnknownStatus whether a status this plugin does not know is accepted
     * @throws IllegalArgumentException naming {@code until} for an unknown status (unless allowed) or a blank one
     */
    @NonNull
    public static WaitTarget of(@NonNull Collection<String> until, boolean allowUnknownStatus) {
        List<String> statuses = new ArrayList<>();
        for (String status : until) {
            String value = status == null ? "" : status.trim();
            if (value.isEmpty()) {
                throw new IllegalArgumentException(Messages.WaitTarget_BlankStatus());
            }
            if (!allowUnknownStatus && !JobStatus.of(value).isKnown()) {
                throw new IllegalArgumentException(Messages.WaitTarget_UnknownStatus(
                        printable(value),
                        JobStatus.KNOWN.stream().map(JobStatus::value).collect(Collectors.joining(", "))));
            }
            if (statuses.stream().noneMatch(value::equalsIgnoreCase)) {
                statuses.add(value);
            }
        }
        return new WaitTarget(statuses.isEmpty() ? TERMINAL : statuses);
    }

    /** Whether the wait ends well at {@code status}. */
    public boolean isReachedBy(@NonNull JobStatus status) {
        return statuses.stream().anyMatch(s -> JobStatus.of(s).equals(status));
    }

    /** Whether the job can never reach a status waited for any more: it ended in another terminal status. */
    public boolean isMissedBy(@NonNull JobStatus status) {
        return status.isTerminal() && !isReachedBy(status);
    }

    /** {@code succeeded} or {@code succeeded, failed or cancelled}: what a message says is waited for. */
    @NonNull
    public String describe() {
        if (statuses.size() == 1) {
            return statuses.get(0);
        }
        return Messages.WaitTarget_EitherOf(
                String.join(", ", statuses.subList(0, statuses.size() - 1)), statuses.get(statuses.size() - 1));
    }

    /** The statuses waited for, as written (lower case as typed). */
    @NonNull
    public List<String> statuses() {
        return statuses;
    }

    /** Why the wait failed when the job ended in another terminal status; Azure's error made safe for a console. */
    @NonNull
    public String missedMessage(@NonNull String jobId, @NonNull FineTuningJob job) {
        String error = job.errorSummary();
        String status = ConsoleText.sanitize(String.valueOf(job.status()));
        return error == null
                ? Messages.WaitTarget_Missed(jobId, status, describe())
                : Messages.WaitTarget_MissedWithError(jobId, status, describe(), ConsoleText.sanitize(error));
    }

    /** Why the wait failed at its deadline, naming the last status seen. */
    @NonNull
    public String timeoutMessage(
            @NonNull String jobId, int timeoutSeconds, @CheckForNull String lastStatus, @NonNull String trouble) {
        String seconds = String.valueOf(timeoutSeconds);
        String last = ConsoleText.sanitize(String.valueOf(lastStatus));
        return trouble.isEmpty()
                ? Messages.WaitTarget_TimedOut(seconds, jobId, describe(), last)
                : Messages.WaitTarget_TimedOutWithTrouble(seconds, jobId, describe(), last, trouble);
    }

    private static String printable(String text) {
        String flat = ConsoleText.sanitize(text);
        return flat.length() <= 40 ? flat : flat.substring(0, 40) + "…";
    }

    @Override
    public String toString() {
        return "WaitTarget" + statuses;
    }
}
