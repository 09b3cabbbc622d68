package dev.merchantnotify.console;

import dev.merchantnotify.operator.AccountView;
import dev.merchantnotify.operator.RoutingOperations;
import dev.merchantnotify.platform.PageRequest;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

/**
 * The merchant accounts page: every account by merchant number, paged on the server, with the status that sums up its
 * destinations and how many destinations and routes it has; and a form to register an account (audited, as through
 * the admin API), which then opens.
 */
@Named
@ViewScoped
public class AccountsBacking implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    RoutingOperations routing;

    @Inject
    Feedback feedback;

    private String merchantNo;
    private String name;

    private final LazyDataModel<AccountView> model = new LazyDataModel<>() {
        private static final long serialVersionUID = 1L;

        @Override
        public int count(Map<String, FilterMeta> filterBy) {
            return (int) Math.min(Integer.MAX_VALUE, routing.accounts(new PageRequest(1, 1)).total());
        }

        @Override
        public List<AccountView> load(int first, int pageSize, Map<String, SortMeta> sortBy,
                                      Map<String, FilterMeta> filterBy) {
            int size = Math.min(pageSize, PageRequest.MAX_LIMIT);
            return routing.accounts(new PageRequest(first / size + 1, size)).list();
        }

        @Override
        public String getRowKey(AccountView account) {
            return account.merchantNo();
        }
    };

    /** Registers the account and opens its page; a refusal names the field, in the operator's language. */
    public String create() {
        String number = merchantNo == null ? null : merchantNo.trim();
        boolean created = feedback.run(() -> routing.createAccount(new RoutingOperations.AccountInput(number,
                name, null), ConsoleAccess.operator(FacesContext.getCurrentInstance())), "accounts.created-done", number);
        if (!created) {
            return null;
        }
        FacesContext.getCurrentInstance().getExternalContext().getFlash().setKeepMessages(true);
        return "/console/account?faces-redirect=true&no=" + number;
    }

    public LazyDataModel<AccountView> getModel() {
        return model;
    }

    public String getMerchantNo() {
        return merchantNo;
    }

    public void setMerchantNo(String merchantNo) {
        this.merchantNo = merchantNo;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
