package io.jenkins.plugins.finetune.emulator;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code api-version} rules of the two route families: optional {@code v1}/{@code preview} on
 * {@code /openai/v1}, a required dated version such as {@code 2025-04-01-preview} on {@code /openai}.
 */
final class ApiVersions {
    private static final Set<String> V1_VERSIONS = Set.of("v1", "preview");
    private static final Pattern DATED_VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(-preview)?");

    private ApiVersions() {}

    static void check(Dialect dialect, String apiVersion) {
        if (dialect == Dialect.V1) {
            if (apiVersion != null && !V1_VERSIONS.contains(apiVersion)) {
                throw ApiError.badRequest(
                        "BadRequest",
                        "API version not supported: '" + apiVersion
                                + "'. Routes under /openai/v1 accept api-version 'v1' or 'preview', or none.",
                        "api-version");
            }
        } else if (apiVersion == null || apiVersion.isEmpty()) {
            throw ApiError.badRequest(
                    "BadRequest",
                    "Missing required query parameter 'api-version' "
                            + "(for example 2025-04-01-preview); or use the /openai/v1 routes.",
                    "api-version");
        } else if (!DATED_VERSION.matcher(apiVersion).matches()) {
            throw ApiError.badRequest(
                    "BadRequest",
                    "API version not supported: '" + apiVersion
                            + "'. Dated routes expect a version like 2025-04-01-preview.",
                    "api-version");
        }
    }
}
