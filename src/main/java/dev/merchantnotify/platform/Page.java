package dev.merchantnotify.platform;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/** One page of a list, as the API answers it: {@code {"total", "page", "limit", "list"}}. */
@JsonbPropertyOrder({"total", "page", "limit", "list"})
public record Page<T>(long total, int page, int limit, List<T> list) {

    public static <T> Page<T> of(PageRequest request, long total, List<T> list) {
        return new Page<>(total, request.page(), request.limit(), list);
    }
}
