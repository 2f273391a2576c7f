package io.jenkins.plugins.finetune.calls;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Util;
import io.jenkins.plugins.finetune.configuration.CallFrom;
import java.io.Serial;
import java.io.Serializable;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Where a call goes, as the user wrote it: a named {@code resource} and explicit {@code endpoint},
 * {@code apiVersion} and {@code credentialsId}, each possibly blank. {@link FoundryCall} resolves it against
 * the folder default and the global configuration. Serializable: {@code withFoundry} keeps it in the
 * Pipeline's context across restarts. Holds no secret (a credentials id is a name).
 */
@Restricted(NoExternalUse.class)
public final class FoundryTarget implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Nothing named: the folder default, else the global configuration. */
    public static final FoundryTarget DEFAULT = new FoundryTarget(null, null, null, null);

    private final String resource;
    private final String endpoint;
    private final String apiVersion;
    private final String credentialsId;
    private final CallFrom callFrom;
    // The node the step runs on ("" for the built-in node); null: outside node. Not user input: the step's context.
    private final String agent;

    public FoundryTarget(
            @CheckForNull String resource,
            @CheckForNull String endpoint,
            @CheckForNull String apiVersion,
            @CheckForNull String credentialsId) {
        this(resource, endpoint, apiVersion, credentialsId, null, null);
    }

    /**
     * @param callFrom {@code null}: as the enclosing block, the resource, else the controller
     * @param agent the name of the node the step runs on ({@code ""}: the built-in node); {@code null}: no node
     */
    public FoundryTarget(
            @CheckForNull String resource,
            @CheckForNull String endpoint,
            @CheckForNull String apiVersion,
            @CheckForNull String credentialsId,
            @CheckForNull CallFrom callFrom,
            @CheckForNull String agent) {
        this.resource = Util.fixEmptyAndTrim(resource);
        this.endpoint = Util.fixEmptyAndTrim(endpoint);
        this.apiVersion = Util.fixEmptyAndTrim(apiVersion);
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
        this.callFrom = callFrom;
        this.agent = agent;
    }

    @CheckForNull
    public String resource() {
        return resource;
    }

    @CheckForNull
    public String endpoint() {
        return endpoint;
    }

    @CheckForNull
    public String apiVersion() {
        return apiVersion;
    }

    @CheckForNull
    public String credentialsId() {
        return credentialsId;
    }

    @CheckForNull
    public CallFrom callFrom() {
        return callFrom;
    }

    /** The node the step runs on ({@code ""}: built-in), or {@code null} outside {@code node}. */
    @CheckForNull
    public String agent() {
        return agent;
    }

    /**
     * This target inside {@code outer} (an enclosing {@code withFoundry}): a resource named here replaces the
     * outer connection as a whole; otherwise each field left blank here is taken from {@code outer}.
     */
    @NonNull
    public FoundryTarget within(@CheckForNull FoundryTarget outer) {
        if (outer == null || resource != null) {
            return this;
        }
        return new FoundryTarget(
                outer.resource,
                endpoint != null ? endpoint : outer.endpoint,
                apiVersion != null ? apiVersion : outer.apiVersion,
                credentialsId != null ? credentialsId : outer.credentialsId,
                callFrom != null ? callFrom : outer.callFrom,
                agent); // where this step runs, not where the block started
    }

    /** {@code ${VAR}} references expanded (freestyle); the credentials id is not expanded. */
    @NonNull
    public FoundryTarget expand(@NonNull EnvVars env) {
        return new FoundryTarget(
                resource == null ? null : env.expand(resource),
                endpoint == null ? null : env.expand(endpoint),
                apiVersion == null ? null : env.expand(apiVersion),
                credentialsId,
                callFrom,
                agent);
    }

    @Override
    public String toString() {
        return "FoundryTarget[resource=" + resource + ", endpoint=" + endpoint + ", apiVersion=" + apiVersion
                + ", credentialsId=" + credentialsId + ", callFrom=" + callFrom + ", agent=" + agent + "]";
    }
}
