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

    /** The whole event with the API's field names. */
    public LinkedHashMap<String, Object> toMap() {
        return Json.toMap(json);
    }

    public String toJson() {
        return Json.toJson(json);
    }

    @Override
    public String toString() {
        return "FineTuningEvent[id=" + id() + ", level=" + level() + ", message=" + message() + "]";
    }
}
