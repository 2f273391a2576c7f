package io.jenkins.plugins.finetune.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The tests' HTTP client: JDK HttpClient, {@code api-key} sent unless told otherwise, and every JSON answer
 * on a {@code /openai/v1} route checked against the OpenAPI document on the way back, so each test that
 * talks to the emulator is also a schema test.
 */
final class Api {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String V1 = "/openai/v1/fine_tuning/jobs";
    static final String DATED = "/openai/fine_tuning/jobs";

    private final FineTuningEmulator emulator;
    private final HttpClient http;
    private final String apiKey;
    private boolean validating = true;

    Api(FineTuningEmulator emulator, String apiKey) {
        this.emulator = emulator;
        this.apiKey = apiKey;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Answers that are not meant to match the spec (injected faults) are not validated. */
    Api withoutValidation() {
        Api api = new Api(emulator, apiKey);
        api.validating = false;
        return api;
    }

    Answer get(String pathAndQuery) {
        return send(request(pathAndQuery).GET());
    }

    Answer post(String pathAndQuery) {
        return send(request(pathAndQuery).POST(HttpRequest.BodyPublishers.noBody()));
    }

    Answer post(String pathAndQuery, String jsonBody) {
        return send(request(pathAndQuery)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody)));
    }

    HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + pathAndQuery))
                .timeout(Duration.ofSeconds(20));
        if (apiKey != null) {
            builder.header("api-key", apiKey);
        }
        return builder;
    }

    Answer send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            Answer answer = new Answer(response);
            if (validating) {
                validate(request, answer);
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpClient http() {
        return http;
    }

    private static void validate(HttpRequest request, Answer answer) {
        String path = request.uri().getPath();
        if (path.startsWith(V1)) {
            if (answer.status() == 404 || answer.status() == 405) {
                // Unknown routes have no operation in the spec: check the body against the error schema
                // through an operation whose default answer is AzureErrorResponse.
                SpecValidator.assertConforms("GET", V1, answer.status(), answer.contentType(), answer.body());
            } else {
                SpecValidator.assertConforms(
                        request.method(), path, answer.status(), answer.contentType(), answer.body());
            }
        } else if (answer.status() >= 400) {
            // Dated routes use other field names for jobs, but the same error shape.
            SpecValidator.assertConforms("GET", V1, answer.status(), answer.contentType(), answer.body());
        }
    }

    record Answer(HttpResponse<String> response) {
        int status() {
            return response.statusCode();
        }

        String body() {
            return response.body();
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        String contentType() {
            return header("Content-Type");
        }

        JsonNode json() {
            try {
                return MAPPER.readTree(body());
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body(), e);
            }
        }

        String jobStatus() {
            return json().path("status").asText();
        }
    }
}
