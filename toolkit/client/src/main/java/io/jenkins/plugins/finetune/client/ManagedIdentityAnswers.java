package io.jenkins.plugins.finetune.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;

/**
 * Reads what a managed identity endpoint answers: the token of a 200, the reason of an error. The body is
 * untrusted and may hold the token, so it is never quoted whole; only an error's description is, shortened and
 * stripped of control characters.
 */
final class ManagedIdentityAnswers {

    private ManagedIdentityAnswers() {}

    /**
     * The token of a 200 answer: {@code access_token}, and {@code expires_on} (epoch seconds, a number or a string
     * as App Service sends it) or else {@code expires_in} (seconds from now).
     *
     * @param where the endpoint, without its query, for the message
     */
    static AccessToken token(byte[] body, String where, Clock clock) {
        ObjectNode json = Json.parseObject(body);
        if (json == null) {
            throw unusable(where, "a body that is not a JSON object (" + body.length + " bytes)");
        }
        JsonNode token = json.get("access_token");
        if (token == null || !token.isTextual() || token.asText().isBlank()) {
            throw unusable(where, "no access_token in its JSON answer");
        }
        Long expiresOn = seconds(json.get("expires_on"));
        Instant expiresAt;
        if (expiresOn != null && expiresOn > 0) {
            expiresAt = Instant.ofEpochSecond(expiresOn);
        } else {
            Long expiresIn = seconds(json.get("expires_in"));
            if (expiresIn == null || expiresIn < 0) {
                throw unusable(where, "a token without a usable expires_on or expires_in");
            }
            expiresAt = clock.instant().plusSeconds(expiresIn);
        }
        return new AccessToken(token.asText(), expiresAt);
    }

    /** The access_token of a body, if it has one, so that messages can be scrubbed of it. */
    static String tokenIn(byte[] body) {
        ObjectNode json = Json.parseObject(body);
        return json == null ? null : Json.text(json, "access_token");
    }

    /**
     * Why the endpoint refused, as it says it: IMDS's {@code error_description} (e.g. "Identity not found"), App
     * Service's {@code message} or {@code error.message}, else {@code error}; {@code null} when it says nothing.
     */
    static String reason(byte[] body) {
        ObjectNode json = Json.parseObject(body);
        if (json == null) {
            return null;
        }
        String reason = Json.text(json, "error_description");
        if (reason == null) {
            reason = Json.text(json, "message");
        }
        JsonNode error = json.get("error");
        if (reason == null && error != null && error.isObject()) {
            reason = Json.text(error, "message");
        }
        if (reason == null && error != null && error.isTextual()) {
            reason = error.asText();
        }
        return reason == null || reason.isBlank() ? null : Texts.printable(reason.trim(), 300);
    }

    /** Epoch or relative seconds given as a JSON number or a numeric string; {@code null} otherwise. */
    private static Long seconds(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return node.asLong();
        }
        if (node.isTextual()) {
            try {
                return Long.parseLong(node.asText().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static ManagedIdentityException unusable(String where, String what) {
        return new ManagedIdentityException(
                "The managed identity endpoint at " + where + " answered with " + what
                        + ": is this really a managed identity endpoint? Check IDENTITY_ENDPOINT or"
                        + " AZURE_POD_IDENTITY_AUTHORITY_HOST if either is set.",
                false,
                null);
    }
}
