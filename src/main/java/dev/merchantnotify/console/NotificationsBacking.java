package dev.merchantnotify.console;

import dev.merchantnotify.operator.OperatorQueries;
import dev.merchantnotify.operator.OperatorActions;
import dev.merchantnotify.deliverylog.Notification;
import dev.merchantnotify.deliverylog.NotificationSearch;
import dev.merchantnotify.deliverylog.NotificationStatus;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

/**
 * The notifications page: search by order_no prefix, status, merchant and creation time (UTC), newest first, paged on
 * the server (one count and one page query per page shown); retry from the list.
 */
@Named
@ViewScoped
public class NotificationsBacking implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    OperatorQueries queries;

    @Inject
    OperatorActions actions;

    @Inject
    Feedback feedback;

    private String orderNoPrefix;
    private String status;
    private String merchantKey;
    private LocalDateTime createdFrom;
    private LocalDateTime createdTo;

    private final LazyDataModel<Notification> model = new LazyDataModel<>() {
        private static final long serialVersionUID = 1L;

        @Override
        public int count(Map<String, FilterMeta> filterBy) {
            return (int) Math.min(Integer.MAX_VALUE, queries.notificationCount(search()));
        }

        @Override
        public List<Notification> load(int first, int pageSize, Map<String, SortMeta> sortBy,
                                       Map<String, FilterMeta> filterBy) {
            return queries.notifications(search(), first, pageSize);
        }

        @Override
        public String getRowKey(Notification notification) {
            return String.valueOf(notification.getId());
        }

        @Override
        public Notification getRowData(String rowKey) {
            return queries.notification(Long.parseLong(rowKey)).orElse(null);
        }
    };

    NotificationSearch search() {
        return new NotificationSearch(blankToNull(orderNoPrefix),
                blankToNull(status) == null ? null : NotificationStatus.valueOf(status.toUpperCase(Locale.ROOT)),
                blankToNull(merchantKey), utc(createdFrom), utc(createdTo));
    }

    /** Queues the notification again now with a fresh attempt budget (audited, as the admin API's retry). */
    public void retry(long id) {
        feedback.run(() -> actions.retry(id, null, null, ConsoleAccess.operator(FacesContext.getCurrentInstance())),
                "notifications.retried", id);
    }

    public List<String> getStatuses() {
        return List.of("pending", "success", "failed");
    }

    public LazyDataModel<Notification> getModel() {
        return model;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Instant utc(LocalDateTime time) {
        return time == null ? null : time.toInstant(ZoneOffset.UTC);
    }

    public String getOrderNoPrefix() {
        return orderNoPrefix;
    }

    public void setOrderNoPrefix(String orderNoPrefix) {
        this.orderNoPrefix = orderNoPrefix;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public String getMerchantKey() {
        return merchantKey;
    }

    public void setMerchantKey(String merchantKey) {
        this.merchantKey = merchantKey;
    }

    public LocalDateTime getCreatedFrom() {
        return createdFrom;
    }

    public void setCreatedFrom(LocalDateTime createdFrom) {
        this.createdFrom = createdFrom;
    }

    public LocalDateTime getCreatedTo() {
        return createdTo;
    }

    public void setCreatedTo(LocalDateTime createdTo) {
        this.createdTo = createdTo;
    }
}
