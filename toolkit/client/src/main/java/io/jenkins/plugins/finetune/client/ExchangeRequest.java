package io.jenkins.plugins.finetune.client;

import java.net.URI;
import java.util.Objects;

/**
 * One request as a {@link Transport} sends it: method, URI, the credential's header (or none, when the transport
 * authenticates itself, see {@link TransportCredential}) and the size cap of the answer. Actions send an empty body.
 * {@code toString()} never shows the credential.
 */
public final class ExchangeRequest {

    private final String method;
    private final URI uri;
    private final String credentialHeaderName;
    private final SecretValue credentialHeaderValue;
    private final long maxResponseBytes;

    private ExchangeRequest(
            String method, URI uri, String credentialHeaderName, SecretValue credentialHeaderValue, long maxBytes) {
        this.method = Objects.requireNonNull(method, "method");
        this.uri = Objects.requireNonNull(uri, "uri");
        this.credentialHeaderName = credentialHeaderName;
        this.credentialHeaderValue = credentialHeaderValue;
        this.maxResponseBytes = maxBytes;
    }

    /** A request without credential header, e.g. as rebuilt by the far end of a transport. */
    public static ExchangeRequest of(String method, URI uri, long maxResponseBytes) {
        if (!"GET".equals(method) && !"POST".equals(method)) {
            throw new IllegalArgumentException("method: GET or POST, not " + method);
        }
        if (maxResponseBytes <= 0) {
            throw new IllegalArgumentException("maxResponseBytes: must be positive");
        }
        return new ExchangeRequest(method, uri, null, null, maxResponseBytes);
    }

    /** This request with {@code credential}'s header, produced now (a bearer token is fetched if none is fresh). */
    public ExchangeRequest withCredential(FoundryCredential credential) {
        if (credential.headerName() == null) {
            return this;
        }
        return new ExchangeRequest(
                method, uri, credential.headerName(), SecretValue.of(credential.headerValue()), maxResponseBytes);
    }

    /** This request with a credential header that travelled from where the request was made. */
    public ExchangeRequest withCredentialHeader(String name, String value) {
        if (name == null || name.isBlank() || value == null) {
            throw new IllegalArgumentException("credential header: name and value are required");
        }
        return new ExchangeRequest(method, uri, name, SecretValue.of(value), maxResponseBytes);
    }

    public String method() {
        return method;
    }

    public URI uri() {
        return uri;
    }

    public long maxResponseBytes() {
        return maxResponseBytes;
    }

    /** {@code api-key} or {@code Authorization}; {@code null}: the transport adds the credential. */
    public String credentialHeaderName() {
        return credentialHeaderName;
    }

    /**
     * The credential header's value, for a transport that carries the request elsewhere; {@code null} when
     * {@link #credentialHeaderName()} is. A transport must keep it off disks and logs.
     */
    public String credentialHeaderValue() {
        return credentialHeaderValue == null ? null : credentialHeaderValue.reveal();
    }

    @Override
    public String toString() {
        return method + " " + uri + (credentialHeaderName == null ? "" : " [" + credentialHeaderName + ": ****]");
    }
}
