package io.jenkins.plugins.finetune.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Error bodies in the shape of the spec's {@code AzureErrorResponse}:
 * {@code {"error":{"code","message","param","type":"error"}}}. The schema types {@code param} as a
 * non-nullable string and {@code type} as the enum {@code ["error"]}, so {@code param} is left out when
 * there is none (rather than sent as {@code null}) and {@code type} is always {@code "error"};
 * {@code inner_error} is left out too, as the service does for these routes.
 */
final class AzureErrors {
    static final String ACCESS_DENIED = "Access denied due to invalid subscription key or wrong API endpoint. "
            + "Make sure to provide a valid key for an active subscription and use a correct regional API "
            + "endpoint for your resource.";

    private static final Map<Integer, String> REASONS = Map.of(
            400,
            "Bad Request",
            401,
            "Unauthorized",
            403,
            "Forbidden",
            404,
            "Not Found",
            408,
            "Request Timeout",
            409,
            "Conflict",
            429,
            "Too Many Requests",
            500,
            "Internal Server Error",
            502,
            "Bad Gateway",
            503,
            "Service Unavailable");

    private AzureErrors() {}

    static String body(String code, String message, String param) {
        ObjectNode root = Json.object();
        ObjectNode error = root.putObject("error");
        error.put("code", code);
        error.put("message", message);
        if (param != null) {
            error.put("param", param);
        }
        error.put("type", "error");
        return write(root);
    }

    static String of(ApiError apiError) {
        return body(apiError.code, apiError.getMessage(), apiError.param);
    }

    static String unauthorized() {
        return body("401", ACCESS_DENIED, null);
    }

    static String injected(int status) {
        String reason = REASONS.getOrDefault(status, "HTTP " + status);
        return body(String.valueOf(status), reason + " (fault injected by the emulator).", null);
    }

    private static String write(ObjectNode json) {
        try {
            return Json.MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
