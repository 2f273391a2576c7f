package io.jenkins.plugins.finetune.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.util.FormValidation;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.calls.FoundryTarget;
import io.jenkins.plugins.finetune.changes.BulkText;
import io.jenkins.plugins.finetune.changes.WaitSettings;
import io.jenkins.plugins.finetune.changes.WaitTarget;
import io.jenkins.plugins.finetune.client.JobIds;
import io.jenkins.plugins.finetune.configuration.FormAccess;
import io.jenkins.plugins.finetune.forms.FieldChecks;
import io.jenkins.plugins.finetune.forms.SelectionText;
import io.jenkins.plugins.finetune.forms.UntilField;
import io.jenkins.plugins.finetune.stepexecutions.WaitExecution;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jenkinsci.plugins.structs.describable.CustomDescribableModel;
import org.jenkinsci.plugins.structs.describable.UninstantiatedDescribable;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code def job = waitForFineTune(jobId: 'ftjob-abc', until: 'succeeded', timeout: 36000)}: waits, durably and
 * holding no executor, until the job reaches one of the {@code until} statuses (default: any terminal one), printing
 * its new events meanwhile, and returns it as a map with the API's field names. Fails when the job ends in another
 * terminal status (with Azure's error) or at the deadline (naming the last status). Changes nothing.
 */
public class WaitForFineTuneStep extends FoundryStep {

    private final String jobId;
    private String until;
    private int timeout = WaitSettings.DEFAULT_TIMEOUT_SECONDS;
    /** {@code null}: not set, which prints events (as in configurations saved before this field). */
    @CheckForNull
    private Boolean events;

    private boolean allowUnknownStatus;

    @DataBoundConstructor
    public WaitForFineTuneStep(@NonNull String jobId) {
        this.jobId = Util.fixNull(jobId).trim();
    }

    @NonNull
    public String getJobId() {
        return jobId;
    }

    /** The statuses waited for, comma-separated; {@code null}: any terminal status. */
    @CheckForNull
    public String getUntil() {
        return until;
    }

    /** Statuses, comma- or blank-separated (in Pipeline code also a list); blank: succeeded, failed or cancelled. */
    @DataBoundSetter
    public void setUntil(@CheckForNull String until) {
        this.until = SelectionText.wordsOrNull(until);
    }

    public int getTimeout() {
        return timeout;
    }

    /** How long to wait at most, in seconds. */
    @DataBoundSetter
    public void setTimeout(int timeout) {
        this.timeout = timeout;
    }

    public boolean isEvents() {
        return events == null || events;
    }

    /** {@code false}: the job's events are not printed while waiting. */
    @DataBoundSetter
    public void setEvents(boolean events) {
        this.events = events;
    }

    public boolean isAllowUnknownStatus() {
        return allowUnknownStatus;
    }

    /** Accept {@code until} statuses this plugin does not know (statuses Azure adds later). */
    @DataBoundSetter
    public void setAllowUnknownStatus(boolean allowUnknownStatus) {
        this.allowUnknownStatus = allowUnknownStatus;
    }

    /** The settings of a Pipeline run, each checked with an error naming its field. */
    WaitSettings settings(@NonNull FoundryTarget target) throws AbortException {
        return settings(jobId, until, target);
    }

    /**
     * The settings of a run of this step or of the freestyle build step that holds it (with its {@code ${VAR}}
     * references expanded), each checked with an error naming its field.
     */
    @NonNull
    public WaitSettings settings(@NonNull String jobId, @CheckForNull String until, @NonNull FoundryTarget target)
            throws AbortException {
        String problem = JobIds.problemWith(jobId);
        if (problem != null) {
            throw new AbortException(problem);
        }
        if (timeout <= 0) {
            throw new AbortException(Messages.WaitForFineTuneStep_TimeoutNotPositive(String.valueOf(timeout)));
        }
        try {
            return new WaitSettings(
                    jobId.trim(),
                    target,
                    WaitTarget.of(BulkText.words(until), allowUnknownStatus),
                    timeout,
                    isEvents());
        } catch (IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new WaitExecution(context, settings(target(context)));
    }

    @Extension
    public static final class DescriptorImpl extends FoundryStepDescriptor implements CustomDescribableModel {

        @Override
        public String getFunctionName() {
            return "waitForFineTune";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.WaitForFineTuneStep_DisplayName();
        }

        /** {@code until} may be a string or a list of strings in Pipeline code; the step holds it as text. */
        @NonNull
        @Override
        public Map<String, Object> customInstantiate(@NonNull Map<String, Object> arguments) {
            Map<String, Object> out = new TreeMap<>(arguments);
            if (out.containsKey("until")) {
                try {
                    out.put("until", BulkText.wordsText(out.get("until"), ", "));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(Messages.WaitForFineTuneStep_UntilProblem(e.getMessage()), e);
                }
            }
            return out;
        }

        /** The Snippet Generator writes one status as a string, several as a list. */
        @NonNull
        @Override
        public UninstantiatedDescribable customUninstantiate(@NonNull UninstantiatedDescribable ud) {
            Map<String, Object> out = new TreeMap<>(ud.getArguments());
            if (out.get("until") instanceof String text) {
                List<String> words = BulkText.words(text);
                out.put("until", words.size() == 1 ? words.get(0) : words);
            }
            return ud.withArguments(out);
        }

        @POST
        public FormValidation doCheckJobId(@AncestorInPath Item item, @QueryParameter String value) {
            return FormAccess.ifCanConfigure(item, () -> FieldChecks.checkJobId(value));
        }

        @POST
        public FormValidation doCheckUntil(@AncestorInPath Item item, @QueryParameter String value) {
            return FormAccess.ifCanConfigure(item, () -> UntilField.check(value));
        }

        @POST
        public FormValidation doCheckTimeout(@AncestorInPath Item item, @QueryParameter String value) {
            return FormAccess.ifCanConfigure(item, () -> FieldChecks.checkTimeout(value));
        }
    }
}
