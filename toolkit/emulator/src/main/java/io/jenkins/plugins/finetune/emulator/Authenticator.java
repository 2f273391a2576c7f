package io.jenkins.plugins.finetune.emulator;

import com.sun.net.httpserver.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Accepts the configured {@code api-key}, or {@code Authorization: Bearer <token>} for a registered token. */
final class Authenticator {
    // The key a local test server accepts (made up by a test or typed on its command line), held in memory only;
    // a test may replace it, as a key regenerated in the portal.
    @SuppressWarnings("lgtm[jenkins/plaintext-storage]")
    private volatile String apiKey;

    private final Set<String> bearerTokens = ConcurrentHashMap.newKeySet();

    Authenticator(String apiKey, Set<String> bearerTokens) {
        this.apiKey = apiKey;
        this.bearerTokens.addAll(bearerTokens);
    }

    void apiKey(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("api key must not be blank");
        }
        this.apiKey = key;
    }

    void acceptBearerToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("bearer token must not be blank");
        }
        bearerTokens.add(token);
    }

    boolean accepts(Headers headers) {
        return apiKeyMatches(headers.getFirst("api-key")) || bearerTokenMatches(headers.getFirst("Authorization"));
    }

    private boolean apiKeyMatches(String presented) {
        String expected = apiKey;
        return expected != null && presented != null && constantTimeEquals(expected, presented);
    }

    private boolean bearerTokenMatches(String authorization) {
        if (authorization == null || !authorization.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
            return false;
        }
        String token = authorization.substring("bearer ".length()).trim();
        return bearerTokens.stream().anyMatch(accepted -> constantTimeEquals(accepted, token));
    }

    // Habit worth keeping even in an emulator: never compare secrets with an early-exit equals.
    private static boolean constantTimeEquals(String expected, String presented) {
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
