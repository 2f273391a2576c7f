package io.jenkins.plugins.finetune.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.function.UnaryOperator;

/**
 * Turns a failed answer into a {@link FineTuningApiException} whose message says what to do:
 * the one place that decides how each status reads in a build log.
 */
final class ErrorMapper {

    private final FoundryEndpoint endpoint;
    private final ApiVersion apiVersion;
    /** Removes the credential's secrets: a gateway may quote the request's headers back in its answer. */
    private final UnaryOperator<String> scrub;
    /** What to check on a 401: it depends on whether a key or a token was sent. */
    private final String rejectionAdvice;

    ErrorMapper(FoundryEndpoint endpoint, ApiVersion apiVersion, UnaryOperator<String> scrub, String rejectionAdvice) {
        this.endpoint = endpoint;
        this.apiVersion = apiVersion;
        this.scrub = scrub;
        this.rejectionAdvice = rejectionAdvice;
    }

    /**
     * @param action    what was attempted, e.g. {@code pause fine-tuning job 'ftjob-1'}
     * @param currentJob the job as read after a refused state change, or {@code null}
     */
    FineTuningApiException toException(RawResponse response, String action, FineTuningJob currentJob) {
        JobStatus jobStatus = currentJob == null ? null : currentJob.status();
        AzureError error = scrubbed(parseError(response.body()));
        String requestId = scrubbed(response.requestId());
        int status = response.status();
        StringBuilder message = new StringBuilder("Could not ").append(action).append(": ");
        if (status >= 300 && status < 400) {
            message.append("the endpoint answered with a redirect (HTTP ")
                    .append(status)
                    .append(")")
                    .append(redirectTarget(response.location()))
                    .append(
                            ". Redirects are not followed, so that credentials never go to another host; "
                                    + "set the endpoint to the resource's own address (Keys and Endpoint page in the Azure portal).");
        } else if (status == 401) {
            message.append("Azure rejected the credential (")
                    .append(azureSays(response, error))
                    .append("). ")
                    .append(rejectionAdvice);
        } else if (status == 403) {
            message.append("the identity is not allowed to do this (")
                    .append(azureSays(response, error))
                    .append("). ")
                    .append(
                            "Give it the 'Cognitive Services OpenAI Contributor' (or 'Azure AI User') role on the resource, "
                                    + "and check the resource's network rules allow this agent.");
        } else if (status == 404) {
            message.append("not found (")
                    .append(azureSays(response, error))
                    .append("). ")
                    .append("Check the job id, the endpoint ")
                    .append(endpoint.baseUrl())
                    .append(" and the api-version '")
                    .append(apiVersion.value())
                    .append("'.");
        } else if ((status == 400 || status == 409) && jobStatus != null) {
            message.append("its status is '")
                    .append(jobStatus.value())
                    .append("' (")
                    .append(azureSays(response, error))
                    .append(").");
        } else if (status == 429) {
            message.append("Azure is rate limiting requests (")
                    .append(azureSays(response, error))
                    .append(") and still was after ")
                    .append(attempts(response))
                    .append("; try again later, or lower the concurrency of bulk operations.");
        } else if (status >= 500) {
            message.append("Azure answered with a server error (")
                    .append(azureSays(response, error))
                    .append(") after ")
                    .append(attempts(response))
                    .append("; the service may be busy or degraded, try again later.");
        } else {
            message.append(azureSays(response, error)).append(".");
        }
        if (requestId != null) {
            message.append(" [request id ").append(requestId).append("]");
        }
        return new FineTuningApiException(scrub.apply(message.toString()), status, error, requestId, currentJob);
    }

    private String scrubbed(String text) {
        return text == null ? null : scrub.apply(text);
    }

    private AzureError scrubbed(AzureError error) {
        return error == null
                ? null
                : new AzureError(
                        scrubbed(error.code()),
                        scrubbed(error.message()),
                        scrubbed(error.param()),
                        scrubbed(error.type()));
    }

    /** A 2xx whose body is not what the route documents. */
    FineTuningApiException malformed(RawResponse response, String action, String expected) {
        String requestId = scrubbed(response.requestId());
        return new FineTuningApiException(
                scrub.apply("Could not " + action + ": Azure answered HTTP " + response.status()
                        + " but the body is not " + expected + " (" + describeBody(response) + ")"
                        + (requestId == null ? "" : " [request id " + requestId + "]")
                        + ". Check that the endpoint points at an Azure AI Foundry resource."),
                response.status(),
                null,
                requestId,
                null);
    }

    private static String attempts(RawResponse response) {
        return response.attempts() + (response.attempts() == 1 ? " attempt" : " attempts");
    }

    private static String azureSays(RawResponse response, AzureError error) {
        StringBuilder text = new StringBuilder("HTTP ").append(response.status());
        if (error == null) {
            text.append(", ").append(describeBody(response));
            return text.toString();
        }
        if (error.code() != null && !error.code().equals(String.valueOf(response.status()))) {
            // APIM repeats the status as its code ("401"): say it once.
            text.append(" ").append(Texts.printable(error.code(), 80));
        }
        if (error.message() != null) {
            text.append(": ").append(Texts.printable(error.message(), 500));
        }
        if (error.param() != null) {
            text.append(" (param ").append(Texts.printable(error.param(), 80)).append(")");
        }
        return text.toString();
    }

    private static String describeBody(RawResponse response) {
        if (response.body().length == 0) {
            return "empty body";
        }
        String type = response.contentType() == null
                ? "unknown type"
                : response.contentType().split(";")[0].trim();
        return "a " + type + " body of " + response.body().length + " bytes";
    }

    private static String redirectTarget(String location) {
        if (location == null) {
            return "";
        }
        try {
            String host = URI.create(location.trim()).getHost();
            return host == null ? "" : " to host " + host;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /**
     * Reads Azure's {@code {"error":{...}}}, or the APIM shape {@code {"statusCode":..,"message":..}};
     * {@code null} for anything else (HTML, text, empty).
     */
    static AzureError parseError(byte[] body) {
        ObjectNode root = Json.parseObject(body);
        if (root == null) {
            return null;
        }
        JsonNode error = root.get("error");
        if (error != null && error.isObject()) {
            return new AzureError(
                    Json.text(error, "code"),
                    Json.text(error, "message"),
                    Json.text(error, "param"),
                    Json.text(error, "type"));
        }
        if (root.hasNonNull("message")) {
            return new AzureError(Json.text(root, "code"), Json.text(root, "message"), null, null);
        }
        return null;
    }
}
