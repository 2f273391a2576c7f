package io.jenkins.plugins.finetune.client;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An HTTP proxy to reach Azure through (in Jenkins: the global proxy configuration), with optional
 * basic credentials and host patterns that bypass it. {@code toString()} hides the password.
 */
public final class ProxyOptions {

    private final String host;
    private final int port;
    private final String username;
    private final SecretValue password;
    private final List<Pattern> noProxyHosts;
    private final NoProxyList noProxyList;

    private ProxyOptions(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.username = b.username;
        this.password = b.password;
        this.noProxyHosts = List.copyOf(b.noProxyHosts);
        this.noProxyList = b.noProxyList;
    }

    /**
     * The proxy an environment gives for an https target, read as curl reads it: {@code https_proxy}, then
     * {@code HTTPS_PROXY}, then {@code all_proxy} and {@code ALL_PROXY} (the first one set wins; set but empty means
     * none); {@code [http://][user[:password]@]host[:port]} with %-encoded credentials and port 1080 by default;
     * {@code no_proxy}, else {@code NO_PROXY}, in curl's syntax (names with their subdomains, addresses, CIDR
     * ranges, {@code *} for every host). In Jenkins: a build agent's environment.
     *
     * @param env the environment, e.g. {@code System.getenv()}
     * @return the proxy, or {@code null} when none is set or {@code NO_PROXY} is {@code *}
     * @throws IllegalArgumentException naming the variable when its value is unusable (a SOCKS or https:// proxy, a
     *     bad port), without quoting it
     */
    public static ProxyOptions fromEnvironment(Map<String, String> env) {
        return EnvironmentProxy.read(Objects.requireNonNull(env, "env"));
    }

    /**
     * As {@link #fromEnvironment(Map)} for a target of {@code targetScheme}: for {@code http}, curl's
     * {@code http_proxy} (lower case only), then {@code all_proxy} and {@code ALL_PROXY}.
     */
    public static ProxyOptions fromEnvironment(Map<String, String> env, String targetScheme) {
        return EnvironmentProxy.read(Objects.requireNonNull(env, "env"), targetScheme);
    }

    /** @throws IllegalArgumentException naming the field when host or port is unusable */
    public static Builder builder(String host, int port) {
        return new Builder(host, port);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String username() {
        return username;
    }

    String password() {
        return password == null ? null : password.reveal();
    }

    public List<Pattern> noProxyHosts() {
        return noProxyHosts;
    }

    /** True when the host matches a no-proxy pattern and should be reached directly. */
    public boolean bypasses(String targetHost) {
        String lower = targetHost.toLowerCase(Locale.ROOT);
        return noProxyHosts.stream().anyMatch(p -> p.matcher(lower).matches()) || noProxyList.matches(targetHost);
    }

    @Override
    public String toString() {
        return "ProxyOptions[" + host + ":" + port + (username == null ? "" : ", user=" + username + ", password=****")
                + ", noProxyHosts=" + noProxyHosts + (noProxyList.isEmpty() ? "" : ", noProxy=" + noProxyList) + "]";
    }

    public static final class Builder {
        private final String host;
        private final int port;
        private String username;
        private SecretValue password;
        private List<Pattern> noProxyHosts = List.of();
        private NoProxyList noProxyList = NoProxyList.EMPTY;

        private Builder(String host, int port) {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("proxy host: is required");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("proxy port: must be between 1 and 65535, got " + port);
            }
            this.host = host.trim();
            this.port = port;
        }

        /** Basic credentials for the proxy; a blank user means none. */
        public Builder credentials(String username, String password) {
            boolean none = username == null || username.isBlank();
            this.username = none ? null : username;
            this.password = none ? null : SecretValue.of(password == null ? "" : password);
            return this;
        }

        /** Hosts reached without the proxy, as Jenkins' {@code ProxyConfiguration} gives them. */
        public Builder noProxyHosts(List<Pattern> patterns) {
            this.noProxyHosts = Objects.requireNonNull(patterns, "noProxyHosts");
            return this;
        }

        /** Hosts reached without the proxy, in curl's {@code NO_PROXY} syntax. */
        Builder noProxyList(NoProxyList list) {
            this.noProxyList = Objects.requireNonNull(list, "noProxyList");
            return this;
        }

        public ProxyOptions build() {
            return new ProxyOptions(this);
        }
    }
}
