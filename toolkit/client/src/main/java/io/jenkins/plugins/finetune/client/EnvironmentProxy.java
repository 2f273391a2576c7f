package io.jenkins.plugins.finetune.client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The proxy for an https target that an environment gives, read as curl reads it: {@code https_proxy}, then
 * {@code HTTPS_PROXY}, then {@code all_proxy} and {@code ALL_PROXY} (the first one set wins, and set but empty means
 * no proxy), with {@code no_proxy} or else {@code NO_PROXY}. The value is {@code [http://][user[:password]@]host[:port]},
 * the credentials %-decoded, the port 1080 when none is given (curl's default). Errors name the variable and never
 * quote its value, which may hold a password.
 */
final class EnvironmentProxy {

    private static final String[] PROXY_VARIABLES = {"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"};

    // curl reads http_proxy in lower case only (HTTP_PROXY may be set by a CGI request's "Proxy:" header).
    private static final String[] HTTP_PROXY_VARIABLES = {"http_proxy", "all_proxy", "ALL_PROXY"};

    static final int DEFAULT_PORT = 1080;

    private EnvironmentProxy() {}

    static ProxyOptions read(Map<String, String> env) {
        return read(env, "https");
    }

    /** For a target of this scheme: {@code https}, or {@code http} (only an emulator on a loopback host). */
    static ProxyOptions read(Map<String, String> env, String targetScheme) {
        String variable = firstSet(env, "http".equals(targetScheme) ? HTTP_PROXY_VARIABLES : PROXY_VARIABLES);
        if (variable == null || env.get(variable).isBlank()) {
            return null;
        }
        String noProxyVariable = firstSet(env, "no_proxy", "NO_PROXY");
        NoProxyList noProxy = noProxyVariable == null
                ? NoProxyList.EMPTY
                : NoProxyList.parse(noProxyVariable, env.get(noProxyVariable));
        if (noProxy.matchesEverything()) {
            return null;
        }
        return parse(variable, env.get(variable).trim(), noProxy);
    }

    private static String firstSet(Map<String, String> env, String... names) {
        for (String name : names) {
            if (env.get(name) != null) {
                return name;
            }
        }
        return null;
    }

    private static ProxyOptions parse(String variable, String value, NoProxyList noProxy) {
        String rest = value;
        int schemeEnd = value.indexOf("://");
        if (schemeEnd >= 0) {
            requireHttp(variable, value.substring(0, schemeEnd).toLowerCase(Locale.ROOT));
            rest = value.substring(schemeEnd + 3);
        }
        int authorityEnd = indexOfAny(rest, "/?#");
        String authority = authorityEnd < 0 ? rest : rest.substring(0, authorityEnd);
        int at = authority.lastIndexOf('@');
        String userInfo = at < 0 ? null : authority.substring(0, at);
        String hostPort = authority.substring(at + 1);

        String host;
        String port = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException(
                        variable + ": an IPv6 address must end with ']', e.g. http://[::1]:3128");
            }
            host = hostPort.substring(1, close);
            String after = hostPort.substring(close + 1);
            if (after.startsWith(":")) {
                port = after.substring(1);
            } else if (!after.isEmpty()) {
                throw new IllegalArgumentException(
                        variable + ": has text after the IPv6 address; use http://[::1]:3128");
            }
        } else {
            int colon = hostPort.lastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            port = colon < 0 ? null : hostPort.substring(colon + 1);
        }
        if (host.isEmpty() || !host.matches(hostPort.startsWith("[") ? "[0-9A-Fa-f:.]+" : "[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException(variable + ": has no usable proxy host name; write"
                    + " http://host:port, e.g. http://proxy.example.com:3128");
        }
        ProxyOptions.Builder builder =
                ProxyOptions.builder(host, port(variable, port)).noProxyList(noProxy);
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String user = decode(variable, colon < 0 ? userInfo : userInfo.substring(0, colon));
            String password = colon < 0 ? "" : decode(variable, userInfo.substring(colon + 1));
            builder.credentials(user, password);
        }
        return builder.build();
    }

    private static void requireHttp(String variable, String scheme) {
        if (scheme.equals("http")) {
            return;
        }
        if (scheme.startsWith("socks")) {
            throw new IllegalArgumentException(variable + ": SOCKS proxies (" + Texts.printable(scheme, 10)
                    + "://) are not supported; give an HTTP proxy, e.g. http://proxy.example.com:3128");
        }
        if (scheme.equals("https")) {
            throw new IllegalArgumentException(variable + ": https:// proxies (TLS to the proxy itself) are not"
                    + " supported; give an HTTP proxy, e.g. http://proxy.example.com:3128 (the connection to Azure"
                    + " through it is still TLS)");
        }
        throw new IllegalArgumentException(variable + ": the proxy scheme '" + Texts.printable(scheme, 20)
                + "://' is not supported; give an HTTP proxy, e.g. http://proxy.example.com:3128");
    }

    private static int port(String variable, String port) {
        if (port == null || port.isEmpty()) {
            return DEFAULT_PORT;
        }
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException(
                    variable + ": the proxy port '" + Texts.printable(port, 20) + "' is not a number from 1 to 65535");
        }
        return Integer.parseInt(port);
    }

    /** %-decoding as in a URL's user info ({@code +} stays a plus); never quotes the text, which may be a password. */
    private static String decode(String variable, String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
            int low = high < 0 ? -1 : Character.digit(text.charAt(i + 2), 16);
            if (low < 0) {
                throw new IllegalArgumentException(variable + ": the proxy user name or password has a '%' that is"
                        + " not followed by two hex digits; write a literal '%' as %25");
            }
            bytes.write(high * 16 + low);
            i += 2;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int indexOfAny(String text, String chars) {
        for (int i = 0; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
