package io.jenkins.plugins.finetune.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Where a managed identity token is asked for, and how: IMDS ({@code Metadata: true}, api-version 2018-02-01) or
 * the {@code IDENTITY_ENDPOINT} of App Service and its kin ({@code X-IDENTITY-HEADER}, api-version 2019-08-01).
 * Validated on creation, naming the option or variable the value came from; the header value is held as a secret.
 */
final class ManagedIdentityEndpoint {

    static final String IMDS_TOKEN_PATH = "/metadata/identity/oauth2/token";
    static final String IMDS_API_VERSION = "2018-02-01";
    static final String APP_SERVICE_API_VERSION = "2019-08-01";

    private final URI uri;
    private final SecretValue identityHeader; // null for IMDS

    private ManagedIdentityEndpoint(URI uri, SecretValue identityHeader) {
        this.uri = uri;
        this.identityHeader = identityHeader;
    }

    /** IMDS under this authority host ({@code http://169.254.169.254}); the token path is appended. */
    static ManagedIdentityEndpoint imds(String option, String authorityHost) {
        URI host = parse(option, authorityHost);
        if (host.getRawQuery() != null) {
            throw new IllegalArgumentException(option + ": must be a scheme and host only, e.g. "
                    + ManagedIdentityTokenSource.DEFAULT_IMDS_AUTHORITY_HOST);
        }
        String base = host.toString().replaceAll("/+$", "");
        return new ManagedIdentityEndpoint(URI.create(base + IMDS_TOKEN_PATH), null);
    }

    static ManagedIdentityEndpoint appService(
            String endpointOption, String endpoint, String headerOption, String header) {
        if (header == null || header.isBlank()) {
            throw new IllegalArgumentException(headerOption + ": is required with " + endpointOption);
        }
        if (header.chars().anyMatch(Character::isISOControl)) {
            // Never quoted: the value is a secret.
            throw new IllegalArgumentException(headerOption + ": contains a line break or control character");
        }
        return new ManagedIdentityEndpoint(parse(endpointOption, endpoint), SecretValue.of(header.trim()));
    }

    /**
     * Plain http is accepted for any host here, unlike {@link FoundryEndpoint}'s "http only to loopback" rule,
     * which keeps an API key off the network: plain http is Azure's documented protocol for these endpoints, and
     * neither leaves the machine (IMDS is the link-local 169.254.169.254, reached only from inside the VM;
     * IDENTITY_ENDPOINT is the platform's own local address). This client never sends them an Azure key.
     */
    private static URI parse(String option, String value) {
        String example = ManagedIdentityTokenSource.DEFAULT_IMDS_AUTHORITY_HOST;
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(option + ": is required, e.g. " + example);
        }
        URI parsed;
        try {
            parsed = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(option + ": is not a valid URL, e.g. " + example);
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(option + ": must start with http:// or https://, e.g. " + example);
        }
        if (parsed.getRawUserInfo() != null) {
            throw new IllegalArgumentException(option + ": must not contain a user name or password");
        }
        if (parsed.getHost() == null || parsed.getHost().isBlank()) {
            throw new IllegalArgumentException(option + ": has no host name that can be read, e.g. " + example);
        }
        if (parsed.getRawFragment() != null) {
            throw new IllegalArgumentException(option + ": must not have a fragment (#...)");
        }
        return parsed;
    }

    boolean isImds() {
        return identityHeader == null;
    }

    /** The token request for this resource and, when not {@code null}, this user-assigned identity. */
    URI requestUri(String resource, String clientId) {
        StringBuilder query = new StringBuilder()
                .append("api-version=")
                .append(isImds() ? IMDS_API_VERSION : APP_SERVICE_API_VERSION)
                .append("&resource=")
                .append(encode(resource));
        if (clientId != null) {
            query.append("&client_id=").append(encode(clientId));
        }
        return URI.create(uri + (uri.getRawQuery() == null ? "?" : "&") + query);
    }

    /** The token request for this resource: IMDS wants {@code Metadata: true}, App Service its secret header. */
    ExchangeRequest request(String resource, String clientId, long maxResponseBytes) {
        ExchangeRequest request = ExchangeRequest.of("GET", requestUri(resource, clientId), maxResponseBytes);
        return isImds()
                ? request.withCredentialHeader("Metadata", "true")
                : request.withCredentialHeader("X-IDENTITY-HEADER", identityHeader.reveal());
    }

    /** The secret a message must never show, or {@code null}. */
    String secret() {
        return identityHeader == null ? null : identityHeader.reveal();
    }

    /** The endpoint without a query, as messages name it. */
    String where() {
        return uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return isImds() ? "IMDS " + where() : "IDENTITY_ENDPOINT " + where() + ", X-IDENTITY-HEADER=****";
    }
}
