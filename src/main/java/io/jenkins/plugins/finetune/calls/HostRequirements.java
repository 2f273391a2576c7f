package io.jenkins.plugins.finetune.calls;

import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import com.cloudbees.plugins.credentials.domains.URIRequirementBuilder;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.finetune.client.FoundryEndpoint;
import java.util.List;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The credentials domain requirements of an endpoint (scheme, host, port, path), so that an administrator can
 * bind a key to its resource, e.g. a domain with the hostname specification {@code *.openai.azure.com}.
 */
@Restricted(NoExternalUse.class)
public final class HostRequirements {

    private HostRequirements() {}

    @NonNull
    public static List<DomainRequirement> of(@NonNull FoundryEndpoint endpoint) {
        return URIRequirementBuilder.fromUri(endpoint.baseUrl()).build();
    }

    /** For form text that may not parse yet: no requirements then (every domain's credentials). */
    @NonNull
    public static List<DomainRequirement> ofText(@CheckForNull String endpoint) {
        if (endpoint == null || endpoint.isBlank() || endpoint.contains("${")) {
            return List.of();
        }
        try {
            return of(FoundryEndpoint.parse(endpoint));
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }
}
