package io.jenkins.plugins.finetune.client;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.hc.client5.http.ConnectTimeoutException;

/**
 * The messages of a failed managed identity token request: what happened at which endpoint, and what to check.
 * Each is scrubbed of the {@code IDENTITY_HEADER} value and of a token the answer may have held.
 */
final class ManagedIdentityFailures {

    private final ManagedIdentityEndpoint endpoint;
    private final String clientId;

    ManagedIdentityFailures(ManagedIdentityEndpoint endpoint, String clientId) {
        this.endpoint = endpoint;
        this.clientId = clientId;
    }

    /** Nothing accepted the connection: not an Azure host with a managed identity, or a wrong address. */
    ManagedIdentityException unreachable(IOException failure, Duration connectTimeout) {
        String why = failure instanceof ConnectTimeoutException
                ? "no connection within " + Durations.describe(connectTimeout)
                : describe(failure);
        boolean imds = endpoint.isImds();
        return new ManagedIdentityException(
                scrub(
                        "No managed identity endpoint answered at " + endpoint.where() + " (" + why
                                + "): is this an Azure"
                                + (imds ? " VM (or scale set)" : " App Service, Container Instances or Functions host")
                                + " with a managed identity enabled? Elsewhere, choose another credential"
                                + (imds ? "" : "; IDENTITY_ENDPOINT points at this address") + ".",
                        null),
                false,
                failure);
    }

    /** Connected, but no answer came (reset, timeout) on any attempt. */
    ManagedIdentityException noAnswer(IOException failure, int attempts, long elapsedMillis) {
        return new ManagedIdentityException(
                scrub(
                        "The managed identity endpoint at " + endpoint.where() + " gave no answer after "
                                + attempts(attempts) + " in " + elapsedMillis + " ms (" + describe(failure)
                                + "); try again later.",
                        null),
                true,
                failure);
    }

    /** An answer other than 2xx, after the retries it deserved. */
    ManagedIdentityException refused(ExchangeResponse answer, int attempts, long elapsedMillis) {
        int status = answer.status();
        String reason = ManagedIdentityAnswers.reason(answer.body());
        String said = "HTTP " + status + (reason == null ? "" : " (" + reason + ")");
        String token = ManagedIdentityAnswers.tokenIn(answer.body());
        String at = "The managed identity endpoint at " + endpoint.where();
        if (status == 400) {
            return new ManagedIdentityException(
                    scrub(at + " answered " + said + " for " + identity() + ": " + identityAdvice(), token),
                    false,
                    null);
        }
        if (ManagedIdentityTokenSource.isTransient(status)) {
            return new ManagedIdentityException(
                    scrub(
                            at + " still answered " + said + " after " + attempts(attempts) + " in " + elapsedMillis
                                    + " ms: it is being updated, throttled or failing, and usually recovers within"
                                    + " a minute; try again later.",
                            token),
                    true,
                    null);
        }
        String advice = endpoint.isImds()
                ? "check the identity on the VM's Identity page."
                : "check that IDENTITY_HEADER is the value the platform set in the agent's environment"
                        + " (it changes when the host restarts).";
        return new ManagedIdentityException(
                scrub(at + " refused the token request for " + identity() + " with " + said + ": " + advice, token),
                false,
                null);
    }

    ManagedIdentityException tooLarge() {
        return new ManagedIdentityException(
                "The managed identity endpoint at " + endpoint.where() + " answered with more than "
                        + ManagedIdentityTokenSource.MAX_BODY_BYTES + " bytes, which is no token answer: is this"
                        + " really a managed identity endpoint?",
                false,
                null);
    }

    FineTuningInterruptedException interrupted() {
        return new FineTuningInterruptedException(
                "Interrupted while obtaining a token from the managed identity endpoint at " + endpoint.where());
    }

    private String identity() {
        return clientId == null
                ? "the system-assigned identity (no client id was given)"
                : "the user-assigned identity with client id '" + clientId + "'";
    }

    private String identityAdvice() {
        String host =
                endpoint.isImds() ? "this VM (Identity page of the VM or scale set)" : "this app (its Identity page)";
        return clientId == null
                ? "enable the system-assigned identity of " + host + ", or give the client id of a user-assigned"
                        + " identity assigned to it (required when several are)."
                : "check that an identity with this client id is assigned to " + host + ", and that the value is"
                        + " the identity's Client ID, not its Object ID.";
    }

    private String scrub(String message, String token) {
        List<String> secrets = new ArrayList<>(2);
        if (endpoint.secret() != null) {
            secrets.add(endpoint.secret());
        }
        if (token != null) {
            secrets.add(token);
        }
        return HttpPipeline.scrub(message, secrets);
    }

    private static String describe(IOException failure) {
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }

    private static String attempts(int n) {
        return n + (n == 1 ? " attempt" : " attempts");
    }
}
