package dev.merchantnotify.console;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.logging.Logger;

/**
 * The login page and logout. The user name and password are checked by Liberty's user registry
 * ({@code HttpServletRequest.login}) and the user must have the role {@code admin}; the session then gets a new id
 * (no fixation) and carries the operator until logout or {@code notify.console.session-minutes} without a request.
 */
@Named
@RequestScoped
public class LoginBacking {

    private static final Logger LOG = Logger.getLogger(LoginBacking.class.getName());

    @Inject
    FacesContext faces;

    @Inject
    ConsoleSettings settings;

    @Inject
    Texts texts;

    private String user;
    private String password;

    public String login() {
        ExternalContext external = faces.getExternalContext();
        HttpServletRequest request = (HttpServletRequest) external.getRequest();
        try {
            if (request.getUserPrincipal() != null) {
                request.logout();
            }
            request.login(user, password);
        } catch (ServletException e) {
            LOG.info(() -> "Console login refused for user '" + user + "' from " + request.getRemoteAddr());
            refuse();
            return null;
        }
        boolean operator = request.isUserInRole("admin");
        String name = request.getUserPrincipal().getName();
        try {
            request.logout();
        } catch (ServletException e) {
            // The console keeps its operator in the session, not in the container's login.
        }
        if (!operator) {
            LOG.info(() -> "Console login refused for user '" + name + "' (not in the role admin) from "
                    + request.getRemoteAddr());
            refuse();
            return null;
        }
        request.getSession(true);
        request.changeSessionId();
        request.getSession().setAttribute(ConsoleAccess.OPERATOR, name);
        request.getSession().setMaxInactiveInterval(settings.sessionMinutes() * 60);
        LOG.info(() -> "Console login: " + name + " from " + request.getRemoteAddr());
        return "/console/index.xhtml?faces-redirect=true";
    }

    public String logout() {
        ExternalContext external = faces.getExternalContext();
        external.invalidateSession();
        return "/console/login.xhtml?faces-redirect=true";
    }

    /** The operator logged in to this session, or null: what the layout shows (and whether it shows the menu). */
    public String getOperator() {
        return ConsoleAccess.operator((HttpServletRequest) faces.getExternalContext().getRequest());
    }

    private void refuse() {
        password = null;
        faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, texts.get("login.refused"), null));
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }
}
