package io.sagitta.dicomweb;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reading DICOM JSON answers in tests. */
public final class Json {

    private Json() {
    }

    public static List<JsonObject> objects(String body) {
        JsonArray array = new JsonArray(body);
        List<JsonObject> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            out.add(array.getJsonObject(i));
        }
        return out;
    }

    /** The first value of an attribute as text (a PN's alphabetic group), or null when absent or empty. */
    public static String first(JsonObject dataset, String tag) {
        List<String> values = values(dataset, tag);
        return values.isEmpty() ? null : values.get(0);
    }

    public static List<String> values(JsonObject dataset, String tag) {
        JsonObject attribute = dataset.getJsonObject(tag);
        List<String> out = new ArrayList<>();
        if (attribute == null || attribute.getJsonArray("Value") == null) {
            return out;
        }
        for (Object v : attribute.getJsonArray("Value")) {
            if (v instanceof JsonObject) {
                out.add(((JsonObject) v).getString("Alphabetic"));
            } else {
                out.add(String.valueOf(v));
            }
        }
        return out;
    }

    public static long number(JsonObject dataset, String tag) {
        return Long.parseLong(first(dataset, tag));
    }

    public static Set<String> column(List<JsonObject> datasets, String tag) {
        Set<String> out = new LinkedHashSet<>();
        for (JsonObject d : datasets) {
            out.add(first(d, tag));
        }
        return out;
    }

    public static String bulkDataUri(JsonObject dataset, String tag) {
        JsonObject attribute = dataset.getJsonObject(tag);
        return attribute == null ? null : attribute.getString("BulkDataURI");
    }
}
