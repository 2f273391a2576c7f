package io.jenkins.plugins.finetune.client;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * A validated Azure AI Foundry / Azure OpenAI resource endpoint such as
 * {@code https://my-resource.openai.azure.com} or {@code https://my-resource.services.ai.azure.com}.
 *
 * <p>A trailing slash, {@code /openai} or {@code /openai/v1} is tolerated and removed. Plain
 * {@code http} is accepted for loopback hosts only (the emulator, a local proxy), so that a key is
 * never sent in clear text over a network. User info in the URL is refused: credentials belong in
 * Jenkins credentials, not in a URL that ends up in logs.
 */
public final class FoundryEndpoint {

    private static final String EXAMPLE = "https://<resource>.openai.azure.com";

    private final URI base;

    private FoundryEndpoint(URI base) {
        this.base = base;
    }

    /** @throws IllegalArgumentException naming the field and what to change */
    public static FoundryEndpoint parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("endpoint: is required, e.g. " + EXAMPLE);
        }
        String trimmed = text.trim();
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("endpoint: is not a valid URL; use the form " + EXAMPLE);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("endpoint: must start with https://, e.g. " + EXAMPLE);
        }
        if (uri.getRawUserInfo() != null) {
            // Do not echo the URL: the user info may be a password.
            throw new IllegalArgumentException("endpoint: must not contain a user name or password; "
                    + "give the key as the credential, never in the URL");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException(hostProblem(uri.getRawAuthority()));
        }
        if (uri.getPort() != -1 && (uri.getPort() < 1 || uri.getPort() > 65535)) {
            throw new IllegalArgumentException(
                    "endpoint: port " + uri.getPort() + " is out of range; a port is 1 to 65535, e.g. " + EXAMPLE);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("endpoint: must not have a query or fragment; use the form " + EXAMPLE);
        }
        if (scheme.equals("http") && !isLoopback(host)) {
            throw new IllegalArgumentException("endpoint: plain http is only allowed for loopback hosts "
                    + "(localhost, 127.0.0.1, [::1]); use https://" + host);
        }
        String path = stripKnownSuffixes(uri.getRawPath() == null ? "" : uri.getRawPath());
        String port = uri.getPort() == -1 ? "" : ":" + uri.getPort();
        try {
            return new FoundryEndpoint(new URI(scheme + "://" + host.toLowerCase(Locale.ROOT) + port + path));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("endpoint: is not a valid URL; use the form " + EXAMPLE);
        }
    }

    /**
     * Why no host could be read. An authority java.net.URI cannot read as a host (such as {@code 127.1}, a
     * short form of 127.0.0.1, or a name with {@code _}) is quoted back, so the user sees what to change; it
     * holds no user info (a {@code @} in it is refused without quoting it, as it may hold a password).
     */
    private static String hostProblem(String authority) {
        if (authority == null || authority.isBlank()) {
            return "endpoint: has no host name; use the form " + EXAMPLE;
        }
        if (authority.contains("@")) {
            return "endpoint: must not contain a user name or password; give the key as the credential, never in"
                    + " the URL";
        }
        return "endpoint: '" + Texts.printable(authority, 80) + "' is not a host name or IP address this client"
                + " can read; write an IP address in full (e.g. 127.0.0.1, not 127.1) and a host name with"
                + " letters, digits, '-' and '.' only, e.g. " + EXAMPLE;
    }

    private static String stripKnownSuffixes(String path) {
        String p = path;
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        for (String suffix : new String[] {"/openai/v1", "/openai"}) {
            if (p.toLowerCase(Locale.ROOT).endsWith(suffix)) {
                p = p.substring(0, p.length() - suffix.length());
                break;
            }
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        // Only literal addresses are checked: no DNS lookup for a name that merely looks local.
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (Exception e) {
            return false;
        }
    }

    /** The endpoint without a trailing slash, e.g. {@code https://r.openai.azure.com}. */
    public String baseUrl() {
        return base.toString();
    }

    public String host() {
        return base.getHost();
    }

    public boolean isHttps() {
        return "https".equals(base.getScheme());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FoundryEndpoint that && base.equals(that.base);
    }

    @Override
    public int hashCode() {
        return Objects.hash(base);
    }

    @Override
    public String toString() {
        return baseUrl();
    }
}
