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
            datasets.add(Json.createObjectBuilder().add("label", one.label()).add("data", numbers(one.values()))
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

    /** A doughnut: one slice per label, coloured in turn, with the legend at the side. */
    static String doughnut(String title, List<String> labels, List<? extends Number> values, List<String> colors) {
        JsonArrayBuilder data = Json.createArrayBuilder();
        JsonArrayBuilder background = Json.createArrayBuilder();
        for (int i = 0; i < values.size(); i++) {
            data.add(values.get(i).doubleValue());
            background.add(colors.get(i % colors.size()));
        }
        JsonObjectBuilder plugins = Json.createObjectBuilder()
                .add("legend", Json.createObjectBuilder().add("position", "right"));
        if (title != null) {
            plugins.add("title", Json.createObjectBuilder().add("display", true).add("text", title));
        }
        return Json.createObjectBuilder()
                .add("type", "doughnut")
                .add("data", Json.createObjectBuilder().add("labels", Json.createArrayBuilder(labels))
                        .add("datasets", Json.createArrayBuilder().add(Json.createObjectBuilder()
                                .add("data", data).add("backgroundColor", background))))
                .add("options", Json.createObjectBuilder().add("animation", false)
                        .add("maintainAspectRatio", false).add("plugins", plugins))
                .build().toString();
    }

    /**
     * A forecast: the actual values, the forecast (dashed) and its prediction band (lower to upper, shaded), over the
     * same labels; each list has a value or null per label.
     */
    static String band(String title, List<String> labels, Series actual, Series forecast,
                       List<? extends Number> lower, List<? extends Number> upper, String bandLabel) {
        JsonArrayBuilder datasets = Json.createArrayBuilder()
                .add(line(actual).add("pointRadius", 1))
                .add(line(forecast).add("borderDash", Json.createArrayBuilder().add(6).add(4)).add("pointRadius", 0))
                .add(Json.createObjectBuilder().add("label", bandLabel).add("data", numbers(lower))
                        .add("borderWidth", 0).add("pointRadius", 0).add("fill", false)
                        .add("backgroundColor", "rgba(251,140,0,0.18)"))
                .add(Json.createObjectBuilder().add("label", bandLabel).add("data", numbers(upper))
                        .add("borderWidth", 0).add("pointRadius", 0).add("fill", "-1")
                        .add("backgroundColor", "rgba(251,140,0,0.18)"));
        JsonObjectBuilder plugins = Json.createObjectBuilder();
        if (title != null) {
            plugins.add("title", Json.createObjectBuilder().add("display", true).add("text", title));
        }
        return Json.createObjectBuilder()
                .add("type", "line")
                .add("data", Json.createObjectBuilder().add("labels", Json.createArrayBuilder(labels))
                        .add("datasets", datasets))
                .add("options", Json.createObjectBuilder().add("animation", false)
                        .add("maintainAspectRatio", false).add("plugins", plugins))
                .build().toString();
    }

    private static JsonObjectBuilder line(Series series) {
        return Json.createObjectBuilder().add("label", series.label()).add("data", numbers(series.values()))
                .add("borderColor", series.color()).add("backgroundColor", series.color()).add("spanGaps", false);
    }

    private static JsonArrayBuilder numbers(List<? extends Number> values) {
        JsonArrayBuilder data = Json.createArrayBuilder();
        for (Number value : values) {
            if (value == null) {
                data.addNull();
            } else {
                data.add(value.doubleValue());
            }
        }
        return data;
    }
}
