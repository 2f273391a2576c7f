package io.jenkins.plugins.finetune.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;

/** A {@code fine_tuning.job.event}, kept as Azure sent it. */
public final class FineTuningEvent {

    private final ObjectNode json;

    FineTuningEvent(ObjectNode json) {
        this.json = json;
    }

    public String id() {
        return Json.text(json, "id");
    }

    public Instant createdAt() {
        Long seconds = Json.number(json, "created_at");
        return seconds == null ? null : Instant.ofEpochSecond(seconds);
    }

    public String level() {
        return Json.text(json, "level");
    }

    public String message() {
        return Json.text(json, "message");
    }

    public String type() {
        return Json.text(json, "type");
    }

    /**
     * The event as one line for a console or build log, {@code <created_at> <level> <message>}, made safe with
     * {@link ConsoleText#sanitize(String)} (Azure's text is untrusted) and cut after
     * {@value #MAX_CONSOLE_MESSAGE} characters of message.
     */
    public String toConsoleLine() {
        Instant created = createdAt();
        String message = message();
        if (message != null && message.length() > MAX_CONSOLE_MESSAGE) {
            message = message.substring(0, MAX_CONSOLE_MESSAGE) + "… (" + message.length() + " characters)";
        }
        return ConsoleText.sanitize((created == null ? "-" : created.toString()) + " "
                + (level() == null ? "-" : level()) + " " + (message == null ? "" : message));
    }

    /** Longest message {@link #toConsoleLine()} prints whole. */
    public static final int MAX_CONSOLE_MESSAGE = 2000;

    /** The whole event with the API's field names. */
    public LinkedHashMap<String, Object> toMap() {
        return Json.toMap(json);
    }

    public String toJson() {
        return Json.toJson(json);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FineTuningEvent that && json.equals(that.json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return "FineTuningEvent[id=" + id() + ", level=" + level() + ", message=" + message() + "]";
    }
}
