package dev.merchantnotify.console;

import dev.merchantnotify.operator.MerchantStatusView;
import dev.merchantnotify.operator.OperatorActions;
import dev.merchantnotify.operator.OperatorQueries;
import dev.merchantnotify.merchant.MerchantKey;
import dev.merchantnotify.merchant.MerchantSort;
import dev.merchantnotify.merchant.MerchantStatus;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;
import org.primefaces.model.SortOrder;

/**
 * The merchants page: every merchant seen, or those of one status, paged on the server and sortable by the merchant
 * table's columns (key, notify URL, status, first seen, status changed); each row with its live health from Redis
 * (failures, mean response time, breaker until). Breaker reset from the list.
 */
@Named
@ViewScoped
public class MerchantsBacking implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Map<String, MerchantSort> SORTABLE = Map.of("merchantKey", MerchantSort.MERCHANT_KEY,
            "notifyUrl", MerchantSort.NOTIFY_URL, "status", MerchantSort.STATUS, "firstSeenAt", MerchantSort.FIRST_SEEN);

    @Inject
    OperatorQueries queries;

    @Inject
    OperatorActions actions;

    @Inject
    Feedback feedback;

    private String status;

    private final LazyDataModel<MerchantStatusView> model = new LazyDataModel<>() {
        private static final long serialVersionUID = 1L;

        @Override
        public int count(Map<String, FilterMeta> filterBy) {
            return (int) Math.min(Integer.MAX_VALUE, queries.merchantCount(status()));
        }

        @Override
        public List<MerchantStatusView> load(int first, int pageSize, Map<String, SortMeta> sortBy,
                                             Map<String, FilterMeta> filterBy) {
            MerchantSort sort = MerchantSort.FIRST_SEEN;
            boolean descending = false;
            for (SortMeta meta : sortBy.values()) {
                if (SORTABLE.containsKey(meta.getField()) && meta.getOrder() != SortOrder.UNSORTED) {
                    sort = SORTABLE.get(meta.getField());
                    descending = meta.getOrder() == SortOrder.DESCENDING;
                }
            }
            return queries.merchantStatusRows(status(), sort, descending, first, pageSize);
        }

        @Override
        public String getRowKey(MerchantStatusView merchant) {
            return merchant.merchantKey();
        }
    };

    private MerchantStatus status() {
        return status == null || status.isBlank() ? null : MerchantStatus.valueOf(status.toUpperCase(Locale.ROOT));
    }

    /** Closes the merchant's breaker and clears its failures (audited, as the admin API's reset). */
    public void resetBreaker(String merchantKey, String notifyUrl) {
        feedback.run(() -> actions.resetBreaker(new MerchantKey(merchantKey), notifyUrl,
                ConsoleAccess.operator(FacesContext.getCurrentInstance())), "merchants.reset-done", merchantKey);
    }

    public List<String> getStatuses() {
        return List.of("normal", "slow", "circuit_breaker");
    }

    public LazyDataModel<MerchantStatusView> getModel() {
        return model;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }
}
