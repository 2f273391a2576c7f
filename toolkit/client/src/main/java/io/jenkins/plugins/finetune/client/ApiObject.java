package io.jenkins.plugins.finetune.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.function.Function;

/**
 * An object of Azure's API kept whole, exactly as Azure sent it: the subclasses' typed getters cover the documented
 * fields, and every field, known or not, survives {@link #toMap()} and {@link #toJson()} unchanged, so that a field
 * Azure adds tomorrow reaches the pipeline without a new release. Its text comes from the server: pass it through
 * {@link ConsoleText#sanitize(String)} before printing it.
 */
public abstract sealed class ApiObject permits FineTuningJob, FineTuningEvent, FineTuningCheckpoint {

    /** Azure's answer; never changed once read. */
    final ObjectNode json;

    ApiObject(ObjectNode json) {
        this.json = json;
    }

    /** Parses {@code text}, which must be one JSON object, into {@code type} (for tools and tests). */
    static <T extends ApiObject> T parse(String text, Function<ObjectNode, T> type) {
        ObjectNode node = Json.parseObject(text == null ? null : text.getBytes(StandardCharsets.UTF_8));
        if (node == null) {
            throw new IllegalArgumentException("json: is not a JSON object");
        }
        return type.apply(node);
    }

    /** The object's id, as Azure names it. */
    public String id() {
        return Json.text(json, "id");
    }

    public Instant createdAt() {
        return instant("created_at");
    }

    /** Any field by its API name, as a plain Java value ({@code null} if absent or null). */
    public Object field(String name) {
        JsonNode value = json.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        return Json.MAPPER.convertValue(value, Object.class);
    }

    /**
     * The whole object as a new mutable {@link LinkedHashMap} with the API's field names (snake_case), nested
     * objects as maps and arrays as lists; JSON {@code null}s are kept as {@code null} values. Every value is
     * Serializable, as a Jenkins Pipeline needs.
     */
    public LinkedHashMap<String, Object> toMap() {
        return Json.toMap(json);
    }

    /** The object as compact JSON, byte for byte what a re-serialisation of Azure's answer gives. */
    public String toJson() {
        return Json.toJson(json);
    }

    /** A field given in seconds since the epoch, as Azure's timestamps are; {@code null} if absent. */
    Instant instant(String field) {
        Long seconds = Json.number(json, field);
        return seconds == null ? null : Instant.ofEpochSecond(seconds);
    }

    /** Equal when of the same kind with the same JSON. */
    @Override
    public final boolean equals(Object other) {
        return other != null && other.getClass() == getClass() && json.equals(((ApiObject) other).json);
    }

    @Override
    public final int hashCode() {
        return json.hashCode();
    }
}
