package io.jenkins.plugins.finetune.emulator;

import java.util.Map;

/** What to send back: status, extra headers, body text (JSON unless a fault says otherwise). */
record Reply(int status, Map<String, String> headers, String body) {
    static Reply json(int status, String body) {
        return new Reply(status, Map.of(), body);
    }

    static Reply error(ApiError error) {
        return json(error.httpStatus, AzureErrors.of(error));
    }
}
