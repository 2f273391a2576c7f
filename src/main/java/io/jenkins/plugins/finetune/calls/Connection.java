package io.jenkins.plugins.finetune.calls;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.ItemGroup;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.client.FoundryEndpoint;
import io.jenkins.plugins.finetune.configuration.CallFrom;
import io.jenkins.plugins.finetune.configuration.FoundryFineTuningConfiguration;
import io.jenkins.plugins.finetune.configuration.FoundryFolderProperty;
import io.jenkins.plugins.finetune.configuration.FoundryResource;
import java.util.List;
import java.util.Objects;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * A {@link FoundryTarget} resolved for one job: the resource (named by the step, an enclosing
 * {@code withFoundry}, else the nearest folder's default), its settings overridden by the explicit ones, and
 * the global configuration for what is still missing. Shared by builds and the forms' "Test connection".
 *
 * @param resource the name of the resource used, or {@code null} (the global defaults)
 * @param credentialsId {@code null}: none configured anywhere
 * @param tokenScope the resource's Entra ID scope, or {@code null} (the credentials' cloud decides)
 * @param configured whether the endpoint is that of a configured resource or the global default
 * @param administered whether endpoint and credentials both come from the administrator's global configuration
 *     (a resource, or the global defaults) with neither named by the step: only then may credentials that stand
 *     for the controller's own identity be used
 * @param agentsMayUseControllerIdentity whether the resource lets a token of the controller's own identity travel
 *     to the build's agent ({@code false} without a resource)
 * @param agent the node whose JVM makes the calls ({@code ""}: the built-in node); {@code null}: the controller
 */
@Restricted(NoExternalUse.class)
@SuppressWarnings("lgtm[jenkins/plaintext-storage]") // tokenScope is a public OAuth scope URL; never persisted
public record Connection(
        @CheckForNull String resource,
        @NonNull FoundryEndpoint endpoint,
        @NonNull String apiVersion,
        @CheckForNull String credentialsId,
        @CheckForNull String tokenScope,
        boolean configured,
        boolean administered,
        boolean agentsMayUseControllerIdentity,
        @CheckForNull String agent) {

    /** Where an administrator configures endpoints, as the messages say it (in the reader's locale). */
    static String where() {
        return Messages.Connection_Where(Messages.FoundryFineTuningConfiguration_DisplayName());
    }

    /**
     * @param folder where the job is (for folder defaults); {@code null}: none
     * @throws IllegalArgumentException naming the option as the user wrote it
     */
    @NonNull
    public static Connection resolve(@NonNull FoundryTarget target, @CheckForNull ItemGroup<?> folder) {
        FoundryFineTuningConfiguration global = FoundryFineTuningConfiguration.get();
        String resourceName = target.resource();
        String origin = Messages.Connection_ResourceOrigin(resourceName);
        if (resourceName == null) {
            resourceName = FoundryFolderProperty.nearestResource(folder);
            origin = Messages.Connection_FolderResourceOrigin(resourceName);
        }
        FoundryResource resource = null;
        if (resourceName != null) {
            resource = global.getResource(resourceName);
            if (resource == null) {
                throw new IllegalArgumentException(
                        Messages.Connection_ResourceNotConfigured(origin, where(), names(global.getResources())));
            }
        }
        if (resource != null) {
            refuseRoutingElsewhere(target, resource, origin);
            refuseBorrowedTokenScope(target, resource, origin);
        }
        String endpointText = Clients.firstNonBlank(
                target.endpoint(), resource != null ? resource.getEndpoint() : global.getEndpoint());
        if (endpointText == null) {
            throw new IllegalArgumentException(
                    resource != null
                            ? Messages.Connection_ResourceWithoutEndpoint(resource.getName(), where())
                            : Messages.Connection_NoEndpoint(where()));
        }
        FoundryEndpoint endpoint = FoundryEndpoint.parse(endpointText);
        String apiVersion = Objects.requireNonNullElse(
                Clients.firstNonBlank(
                        target.apiVersion(),
                        resource != null ? resource.getApiVersion() : null,
                        global.getApiVersion()),
                FoundryFineTuningConfiguration.DEFAULT_API_VERSION);
        String credentialsId = Clients.firstNonBlank(
                target.credentialsId(), resource != null ? resource.getCredentialsId() : global.getCredentialsId());
        return new Connection(
                resource == null ? null : resource.getName(),
                endpoint,
                apiVersion,
                credentialsId,
                resource == null ? null : resource.effectiveTokenScope(),
                isConfigured(endpoint, global),
                target.endpoint() == null && target.credentialsId() == null,
                resource != null && resource.isAgentsMayUseControllerIdentity(),
                agent(target, resource));
    }

    /** The node to call from, when the step, an enclosing block or the resource says {@code callFrom: 'agent'}. */
    @CheckForNull
    private static String agent(@NonNull FoundryTarget target, @CheckForNull FoundryResource resource) {
        CallFrom callFrom = target.callFrom();
        String origin = Messages.Connection_CallFromAgentOrigin();
        if (callFrom == null && resource != null) {
            callFrom = CallFrom.parse(resource.getCallFrom(), "callFrom");
            origin = Messages.Connection_ResourceCallFromAgentOrigin(resource.getName());
        }
        if (callFrom != CallFrom.AGENT) {
            return null;
        }
        if (target.agent() == null) {
            throw new IllegalArgumentException(Messages.Connection_NeedsAgent(origin));
        }
        return target.agent();
    }

    /**
     * A resource's credentials (and token scope) go to that resource's endpoint only: an explicit endpoint beside a
     * resource is refused unless explicit credentials come with it, which {@code restrictEndpoints} and the
     * credentials' domains then govern.
     */
    private static void refuseRoutingElsewhere(FoundryTarget target, FoundryResource resource, String origin) {
        if (target.endpoint() == null
                || target.credentialsId() != null
                || sameEndpoint(FoundryEndpoint.parse(target.endpoint()), resource.getEndpoint())) {
            return;
        }
        throw new IllegalArgumentException(Messages.Connection_EndpointNotTheResources(
                target.endpoint(),
                resource.getEndpoint() == null
                        ? origin
                        : Messages.Connection_OriginWithEndpoint(origin, resource.getEndpoint())));
    }

    /**
     * A resource's token scope (its own, or its cloud's) is asked for with the resource's credentials and sent to the
     * resource's endpoint only: other credentials named beside a resource that has its own, or another endpoint,
     * would borrow an audience the administrator chose for this resource. A resource without credentials lets
     * steps name theirs, for its own endpoint.
     */
    private static void refuseBorrowedTokenScope(FoundryTarget target, FoundryResource resource, String origin) {
        String scope = resource.effectiveTokenScope();
        if (scope == null) {
            return;
        }
        String endpoint = target.endpoint();
        String credentialsId = target.credentialsId();
        String own = resource.getCredentialsId();
        String override = null;
        if (endpoint != null && !sameEndpoint(FoundryEndpoint.parse(endpoint), resource.getEndpoint())) {
            override = Messages.Connection_EndpointOverride(endpoint);
        } else if (credentialsId != null && own != null && !credentialsId.equals(own)) {
            override = Messages.Connection_CredentialsOverride(credentialsId);
        }
        if (override != null) {
            throw new IllegalArgumentException(
                    Messages.Connection_BorrowedTokenScope(override, origin, scope, resource.getName(), where()));
        }
    }

    /** Whether this endpoint is the global default's or a configured resource's. */
    static boolean isConfigured(@NonNull FoundryEndpoint endpoint, @NonNull FoundryFineTuningConfiguration global) {
        if (sameEndpoint(endpoint, global.getEndpoint())) {
            return true;
        }
        for (FoundryResource resource : global.getResources()) {
            if (sameEndpoint(endpoint, resource.getEndpoint())) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameEndpoint(FoundryEndpoint endpoint, @CheckForNull String configured) {
        if (configured == null) {
            return false;
        }
        try {
            return endpoint.equals(FoundryEndpoint.parse(configured));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String names(List<FoundryResource> resources) {
        if (resources.isEmpty()) {
            return Messages.Connection_NoResources();
        }
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < resources.size(); i++) {
            names.append(i == 0 ? "" : ", ")
                    .append('\'')
                    .append(resources.get(i).getName())
                    .append('\'');
        }
        return Messages.Connection_ResourceNames(names.toString());
    }
}
