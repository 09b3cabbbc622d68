package dev.merchantnotify.console;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.util.List;

/** The Chart.js configuration a {@code p:chart} takes, as JSON: the same look on every page. */
final class Charts {

    /** One line or set of bars: a value per label, null where there is none (a gap). */
    record Series(String label, String color, List<? extends Number> values) {
    }

    private Charts() {
    }

    /**
     * @param type    {@code line} or {@code bar}
     * @param title   shown above the chart, or null
     * @param stacked whether bars stack
     */
    static String chart(String type, String title, List<String> labels, List<Series> series, boolean stacked) {
        JsonArrayBuilder datasets = Json.createArrayBuilder();
        for (Series one : series) {
            JsonArrayBuilder data = Json.createArrayBuilder();
            for (Number value : one.values()) {
                if (value == null) {
                    data.addNull();
                } else {
                    data.add(value.doubleValue());
                }
            }
            datasets.add(Json.createObjectBuilder().add("label", one.label()).add("data", data)
                    .add("borderColor", one.color()).add("backgroundColor", one.color())
                    .add("spanGaps", true).add("pointRadius", 2));
        }
        JsonObjectBuilder options = Json.createObjectBuilder().add("animation", false)
                .add("maintainAspectRatio", false);
        if (title != null) {
            options.add("plugins", Json.createObjectBuilder()
                    .add("title", Json.createObjectBuilder().add("display", true).add("text", title)));
        }
        if (stacked) {
            options.add("scales", Json.createObjectBuilder()
                    .add("x", Json.createObjectBuilder().add("stacked", true))
                    .add("y", Json.createObjectBuilder().add("stacked", true)));
        }
        return Json.createObjectBuilder()
                .add("type", type)
                .add("data", Json.createObjectBuilder().add("labels", Json.createArrayBuilder(labels))
                        .add("datasets", datasets))
                .add("options", options)
                .build().toString();
    }
}
