package io.jenkins.plugins.finetune.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Computer;
import io.jenkins.plugins.finetune.calls.FoundryTarget;
import io.jenkins.plugins.finetune.configuration.CallFrom;
import java.io.IOException;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The arguments that say where a step calls: {@code resource}, {@code credentialsId}, {@code endpoint},
 * {@code apiVersion} and {@code callFrom}, held once for every fine-tuning step and for {@code withFoundry}. They stay flat arguments
 * ({@code pauseFineTune(resource: 'prod', …)}): Pipeline binds each argument to a setter of the step itself, so the
 * setters are here rather than on a nested value object; {@link FoundryTarget} is the value they make. The freestyle
 * build steps hold a step too ({@code io.jenkins.plugins.finetune.builders.FoundryBuilder}), so the fields, their
 * form and help have this one home; their names are then also saved in freestyle jobs' {@code config.xml}.
 */
public abstract class ConnectionStep extends Step {

    private String apiVersion;
    private String credentialsId;
    private String endpoint;
    private String resource;
    /** As written ({@link CallFrom#value()}), like a resource's: saved so in a freestyle job's {@code config.xml}. */
    private String callFrom;

    @CheckForNull
    public String getApiVersion() {
        return apiVersion;
    }

    /** {@code v1}, {@code preview} or a dated version; blank: the global default, else {@code v1}. */
    @DataBoundSetter
    public void setApiVersion(@CheckForNull String apiVersion) {
        this.apiVersion = Util.fixEmptyAndTrim(apiVersion);
    }

    @CheckForNull
    public String getCredentialsId() {
        return credentialsId;
    }

    /** Secret text (API key), Azure service principal or managed identity; blank: the global default. */
    @DataBoundSetter
    public void setCredentialsId(@CheckForNull String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    @CheckForNull
    public String getEndpoint() {
        return endpoint;
    }

    /** e.g. {@code https://my-resource.openai.azure.com}; blank: the global default. */
    @DataBoundSetter
    public void setEndpoint(@CheckForNull String endpoint) {
        this.endpoint = Util.fixEmptyAndTrim(endpoint);
    }

    @CheckForNull
    public String getResource() {
        return resource;
    }

    /** A resource of the global configuration; blank: an enclosing {@code withFoundry}, the folder default, else the global defaults. */
    @DataBoundSetter
    public void setResource(@CheckForNull String resource) {
        this.resource = Util.fixEmptyAndTrim(resource);
    }

    /** {@code controller} or {@code agent}; {@code null}: as the enclosing block, the resource, else the controller. */
    @CheckForNull
    public String getCallFrom() {
        return callFrom;
    }

    /**
     * {@code agent}: the HTTP calls are made from the agent the step runs on (inside {@code node}), for a resource
     * only the agents' network reaches; blank: the enclosing {@code withFoundry}, the resource's default, else the
     * controller.
     *
     * @throws IllegalArgumentException naming {@code callFrom} for any other value
     */
    @DataBoundSetter
    public void setCallFrom(@CheckForNull String callFrom) {
        CallFrom parsed = CallFrom.parse(callFrom, "callFrom");
        this.callFrom = parsed == null ? null : parsed.value();
    }

    /**
     * What this step names, inside the enclosing {@code withFoundry} blocks (their settings fill what the step
     * leaves blank, unless the step names its own resource).
     */
    @NonNull
    public FoundryTarget target(@NonNull StepContext context) throws IOException, InterruptedException {
        // Inside node a workspace is in the context; outside, a Computer may be too (the flyweight executor's).
        Computer computer = context.get(FilePath.class) == null ? null : context.get(Computer.class);
        return target(computer == null ? null : computer.getName()).within(context.get(FoundryTarget.class));
    }

    /**
     * What these arguments name on their own, {@code node} being where {@code callFrom: 'agent'} calls from
     * ({@code null}: no node). The freestyle build steps, which hold a step's arguments, resolve them here too.
     */
    @NonNull
    public FoundryTarget target(@CheckForNull String node) {
        return new FoundryTarget(
                resource, endpoint, apiVersion, credentialsId, CallFrom.parse(callFrom, "callFrom"), node);
    }
}
