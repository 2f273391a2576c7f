package io.jenkins.plugins.finetune.stepexecutions;

import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.finetune.client.bulk.JobOutcome;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import java.io.Serial;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.scriptsecurity.sandbox.whitelists.Whitelisted;

/**
 * What {@code pauseFineTunes} and {@code resumeFineTunes} return: the list of one map per selected job it always was
 * ({@code id, outcome, status, error}), which also counts its jobs per outcome ({@code results.counts().failed}), so
 * that a script does not loop over thousands of maps in CPS-interpreted Groovy only to count them. The counts are
 * taken from the list when asked for (a script that removes jobs from it counts what is left), and name every
 * outcome of the change, with 0 for those no job had.
 */
public final class BulkResults extends ArrayList<LinkedHashMap<String, Object>> {

    /* Saved in program.dat with the script's variables; keep the field names. */
    @Serial
    private static final long serialVersionUID = 1L;

    /** Every outcome name of the change, in the order of {@link JobOutcome.Kind}. */
    private final ArrayList<String> outcomes;

    BulkResults(@NonNull JobChange change, @NonNull List<JobOutcome> results) {
        super(results.size());
        outcomes = new ArrayList<>();
        for (JobOutcome.Kind kind : JobOutcome.Kind.values()) {
            outcomes.add(new JobOutcome("", kind, null, null).outcomeName(change));
        }
        for (JobOutcome outcome : results) {
            add(outcome.toMap(change));
        }
    }

    /**
     * How many jobs had each outcome, e.g. {@code [paused: 998, already_paused: 2, would_pause: 0, …]}. A method, not
     * a getter: Groovy (and its sandbox still more) reads a property of a list as the property of each element.
     */
    @Whitelisted
    @NonNull
    public LinkedHashMap<String, Integer> counts() {
        LinkedHashMap<String, Integer> counts = new LinkedHashMap<>();
        for (String outcome : outcomes) {
            counts.put(outcome, 0);
        }
        for (Object job : this) { // a script may have added anything to the list: count only what has an outcome
            if (job instanceof Map<?, ?> map && map.get("outcome") instanceof String outcome) {
                counts.merge(outcome, 1, Integer::sum);
            }
        }
        return counts;
    }

    @Override
    public boolean equals(Object other) {
        return super.equals(other); // a list like any other: its outcome names follow from its maps' change
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }
}
