package dev.merchantnotify.console;

import dev.merchantnotify.operator.OperatorQueries;
import dev.merchantnotify.alerting.Alert;
import dev.merchantnotify.alerting.AlertType;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

/** The alert history, newest first, all types or one, paged on the server. */
@Named
@ViewScoped
public class AlertsBacking implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    OperatorQueries queries;

    private String type;

    private final LazyDataModel<Alert> model = new LazyDataModel<>() {
        private static final long serialVersionUID = 1L;

        @Override
        public int count(Map<String, FilterMeta> filterBy) {
            return (int) Math.min(Integer.MAX_VALUE, queries.alertCount(type()));
        }

        @Override
        public List<Alert> load(int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
            return queries.alerts(type(), first, pageSize);
        }

        @Override
        public String getRowKey(Alert alert) {
            return String.valueOf(alert.getId());
        }
    };

    private AlertType type() {
        return type == null ? null : AlertType.fromApiName(type).orElse(null);
    }

    public List<String> getTypes() {
        return List.of(AlertType.values()).stream().map(AlertType::apiName).toList();
    }

    public LazyDataModel<Alert> getModel() {
        return model;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }
}
