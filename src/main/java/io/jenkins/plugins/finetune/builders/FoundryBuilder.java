package io.jenkins.plugins.finetune.builders;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Launcher;
import hudson.Util;
import hudson.model.AbstractBuild;
import hudson.model.AbstractProject;
import hudson.model.BuildListener;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.BuildStepMonitor;
import hudson.tasks.Builder;
import hudson.util.FormValidation;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.calls.FoundryCall;
import io.jenkins.plugins.finetune.calls.FoundryTarget;
import io.jenkins.plugins.finetune.configuration.CallFrom;
import io.jenkins.plugins.finetune.configuration.FoundryFineTuningConfiguration;
import io.jenkins.plugins.finetune.forms.ConnectionFieldForms;
import io.jenkins.plugins.finetune.forms.ConnectionTest;
import io.jenkins.plugins.finetune.steps.PauseFineTuneStep;
import java.io.IOException;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * What every fine-tuning freestyle build step has: {@code resource}, {@code credentialsId}, {@code endpoint}
 * and {@code apiVersion}, each falling back to the folder default resource and the global configuration ({@link FoundryCall} resolves them), as
 * {@link io.jenkins.plugins.finetune.steps.ConnectionStep} holds them for the Pipeline steps. The four fields are
 * repeated here because a build step cannot extend a step, and they are saved in each job's {@code config.xml} under
 * these names; the form methods are shared ({@link ConnectionFieldForms}). Needs no workspace.
 */
public abstract class FoundryBuilder extends Builder {

    private String apiVersion;
    private String credentialsId;
    private String endpoint;
    private String resource;
    private String callFrom;

    @CheckForNull
    public String getApiVersion() {
        return apiVersion;
    }

    @DataBoundSetter
    public void setApiVersion(@CheckForNull String apiVersion) {
        this.apiVersion = Util.fixEmptyAndTrim(apiVersion);
    }

    @CheckForNull
    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(@CheckForNull String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    @CheckForNull
    public String getEndpoint() {
        return endpoint;
    }

    @DataBoundSetter
    public void setEndpoint(@CheckForNull String endpoint) {
        this.endpoint = Util.fixEmptyAndTrim(endpoint);
    }

    @CheckForNull
    public String getResource() {
        return resource;
    }

    /** A resource of the global configuration; blank: the folder default, else the global defaults. */
    @DataBoundSetter
    public void setResource(@CheckForNull String resource) {
        this.resource = Util.fixEmptyAndTrim(resource);
    }

    @CheckForNull
    public String getCallFrom() {
        return callFrom;
    }

    /** {@code agent}: calls are made from the node the build runs on; blank: the resource's default, else here. */
    @DataBoundSetter
    public void setCallFrom(@CheckForNull String callFrom) {
        CallFrom parsed = CallFrom.parse(callFrom, "callFrom");
        this.callFrom = parsed == null ? null : parsed.value();
    }

    /** What this build step names (not yet expanded), run on the build's node. */
    @NonNull
    protected FoundryTarget target(@NonNull Run<?, ?> run) {
        String node = run instanceof AbstractBuild<?, ?> build ? build.getBuiltOnStr() : null;
        return new FoundryTarget(
                resource, endpoint, apiVersion, credentialsId, CallFrom.parse(callFrom, "callFrom"), node);
    }

    /**
     * Runs in freestyle builds only. Not a {@code SimpleBuildStep}, so that a Pipeline never meets it (neither the
     * Snippet Generator nor a symbol offers it there): Pipelines have the durable steps, which survive a restart and
     * hold no executor while they wait. The symbols stay for Job DSL and JCasC, which configure freestyle jobs.
     */
    @Override
    public boolean perform(
            @NonNull AbstractBuild<?, ?> build, @NonNull Launcher launcher, @NonNull BuildListener listener)
            throws InterruptedException, IOException {
        run(build, build.getEnvironment(listener), listener);
        return true;
    }

    /** What this build step does in a freestyle build; {@code env} expands the fields' {@code ${VAR}} references. */
    protected abstract void run(@NonNull Run<?, ?> run, @NonNull EnvVars env, @NonNull TaskListener listener)
            throws InterruptedException, IOException;

    @Override
    public BuildStepMonitor getRequiredMonitorService() {
        return BuildStepMonitor.NONE;
    }

    /** Form handling shared by the descriptors of all fine-tuning build steps. */
    public abstract static class FoundryBuilderDescriptor extends BuildStepDescriptor<Builder>
            implements ConnectionFieldForms {

        /** The connection fields' help is the Pipeline steps' (one text per field, read along the step's class). */
        private static final String[] CONNECTION_FIELDS = {"resource", "credentialsId", "endpoint", "apiVersion"};

        protected FoundryBuilderDescriptor() {
            for (String field : CONNECTION_FIELDS) {
                addHelpFileRedirect(field, PauseFineTuneStep.class, field);
            }
        }

        @Override
        public boolean isApplicable(Class<? extends AbstractProject> jobType) {
            return true;
        }

        @NonNull
        @Override
        public String blankResourceLabel() {
            return Messages.ResourceField_FolderDefault();
        }

        @NonNull
        @Override
        public String blankCallFromLabel() {
            return Messages.CallFrom_ResourceDefault();
        }

        /** "Test connection" on a job's configuration page: needs permission to configure that job. */
        @POST
        public FormValidation doTestConnection(
                @AncestorInPath Item item,
                @QueryParameter String resource,
                @QueryParameter String endpoint,
                @QueryParameter String credentialsId,
                @QueryParameter String apiVersion) {
            if (item == null) {
                Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            } else {
                item.checkPermission(Item.CONFIGURE);
            }
            FoundryFineTuningConfiguration global = FoundryFineTuningConfiguration.get();
            return ConnectionTest.testConnection(
                    item,
                    new FoundryTarget(resource, endpoint, apiVersion, credentialsId),
                    global.getConnectTimeoutSeconds(),
                    global.getResponseTimeoutSeconds());
        }
    }
}
