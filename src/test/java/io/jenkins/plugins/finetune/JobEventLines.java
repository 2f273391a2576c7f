package io.jenkins.plugins.finetune;

import io.jenkins.plugins.finetune.client.ApiKeyCredential;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.FineTuningEvent;
import io.jenkins.plugins.finetune.client.Page;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every event a job has on the emulator, oldest first, as a wait prints them in the build log
 * ({@code [ftjob-…] <time> <level>: <message> · <event id>}): what a followed wait that saw the whole run must have printed, each
 * once and in this order, whatever events the emulator writes.
 */
public final class JobEventLines {

    private JobEventLines() {}

    public static List<String> of(FineTuningEmulator emulator, String jobId) {
        try (FineTuningClient client = FineTuningClient.builder()
                .endpoint(emulator.baseUrl())
                .credential(new ApiKeyCredential(FoundryTestSupport.API_KEY))
                .build()) {
            List<FineTuningEvent> events = new ArrayList<>();
            String after = null;
            while (true) {
                Page<FineTuningEvent> page = client.listEvents(jobId, after, 100);
                events.addAll(page.data());
                if (!page.hasMore() || page.data().isEmpty()) {
                    break;
                }
                after = page.data().get(page.data().size() - 1).id();
            }
            Collections.reverse(events);
            return events.stream()
                    .map(e ->
                            "[" + jobId + "] " + e.createdAt() + " " + e.level() + ": " + e.message() + " · " + e.id())
                    .toList();
        }
    }

    /** The message of a printed event line: what follows its level, without the event id that ends the line. */
    public static String message(String line) {
        String text = line.substring(line.indexOf(": ") + 2);
        int mark = text.lastIndexOf(" · ");
        return mark < 0 ? text : text.substring(0, mark);
    }
}
