package io.jenkins.plugins.finetune.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Validates answers against the official OpenAPI document in src/test/resources (by path, method and status;
 * for errors the {@code default} response, i.e. {@code AzureErrorResponse}).
 *
 * <p>One deliberate, visible widening: the spec's {@code OpenAI.FineTuningJob.status} enum lists six values,
 * but the service answers pause/resume with {@code pausing}/{@code paused}/{@code resuming} (status is an open
 * set, see the project's API notes). Those three are added to the enum in memory.
 *
 * <p>One equivalent rewrite, because the validator refuses the schema otherwise ("discriminator field must be
 * a string property"): a discriminator property typed {@code anyOf: [string, string-enum]} (TypeSpec's open
 * enum, as in {@code OpenAI.FineTuningIntegration.type}) becomes plain {@code string}, which accepts exactly
 * the same values. Nothing else is changed.
 */
final class SpecValidator {
    static final List<String> STATUSES_THE_SPEC_OMITS = List.of("pausing", "paused", "resuming");
    private static final String SPEC = "/azure-v1-finetuning.json";

    private static final OpenApiInteractionValidator VALIDATOR =
            OpenApiInteractionValidator.createForInlineApiSpecification(specWithOpenStatusSet())
                    .withBasePathOverride("/openai/v1")
                    .build();

    private SpecValidator() {}

    /** Validates an answer to {@code method fullPath} (a path under /openai/v1). */
    static ValidationReport validate(String method, String fullPath, int status, String contentType, String body) {
        SimpleResponse.Builder response = SimpleResponse.Builder.status(status).withBody(body);
        if (contentType != null) {
            response.withContentType(contentType);
        }
        return VALIDATOR.validateResponse(fullPath, Request.Method.valueOf(method), response.build());
    }

    static void assertConforms(String method, String fullPath, int status, String contentType, String body) {
        ValidationReport report = validate(method, fullPath, status, contentType, body);
        assertThat(report.getMessages())
                .as("%s %s -> %d must match the OpenAPI document; body: %s", method, fullPath, status, body)
                .isEmpty();
    }

    static String rawSpec() {
        try (InputStream in = SpecValidator.class.getResourceAsStream(SPEC)) {
            if (in == null) {
                throw new IllegalStateException(SPEC + " missing from the test class path");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void flattenOpenEnumDiscriminator(JsonNode schema) {
        String property = schema.path("discriminator").path("propertyName").asText(null);
        JsonNode anyOf = property == null
                ? null
                : schema.path("properties").path(property).get("anyOf");
        if (anyOf == null) {
            return;
        }
        for (JsonNode option : anyOf) {
            assertThat(option.path("type").asText())
                    .as("open-enum discriminator option")
                    .isEqualTo("string");
        }
        ObjectNode plainString = new ObjectMapper().createObjectNode().put("type", "string");
        ((ObjectNode) schema.path("properties")).set(property, plainString);
    }

    private static String specWithOpenStatusSet() {
        try {
            ObjectMapper mapper = new ObjectMapper();
            JsonNode spec = mapper.readTree(rawSpec());
            ArrayNode statuses = (ArrayNode) spec.at("/components/schemas/OpenAI.FineTuningJob/properties/status/enum");
            assertThat(statuses).as("status enum in the spec").isNotEmpty();
            STATUSES_THE_SPEC_OMITS.forEach(statuses::add);
            spec.at("/components/schemas").forEach(SpecValidator::flattenOpenEnumDiscriminator);
            return mapper.writeValueAsString(spec);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
