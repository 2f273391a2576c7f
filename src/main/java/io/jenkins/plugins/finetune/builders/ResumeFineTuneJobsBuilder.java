package io.jenkins.plugins.finetune.builders;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/** Freestyle "Resume Azure AI Foundry fine-tuning jobs (selector)": the build step of {@code resumeFineTunes}. */
public class ResumeFineTuneJobsBuilder extends BulkChangeBuilder {

    @DataBoundConstructor
    public ResumeFineTuneJobsBuilder() {}

    @NonNull
    @Override
    JobChange change() {
        return JobChange.RESUME;
    }

    @Extension
    @Symbol("resumeFineTuneJobs")
    public static final class DescriptorImpl extends BulkChangeBuilderDescriptor {

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.ResumeFineTuneJobsBuilder_DisplayName();
        }

        @NonNull
        @Override
        public String getWaitTitle() {
            return Messages.ResumeFineTuneJobsBuilder_WaitTitle();
        }
    }
}
