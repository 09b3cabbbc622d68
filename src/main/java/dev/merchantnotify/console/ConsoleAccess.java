package dev.merchantnotify.console;

import dev.merchantnotify.operator.Operator;
import jakarta.faces.context.FacesContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/**
 * The console's gate: every page under {@code /console/} but the login page needs a session in which an operator
 * logged in ({@link LoginBacking}). A browser without one is sent to the login page; a Faces Ajax request (a dashboard
 * refresh after the session timed out) gets the partial response that makes the browser go there.
 */
@WebFilter(urlPatterns = "/console/*")
public class ConsoleAccess extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** The session attribute that holds the logged-in operator's name. */
    static final String OPERATOR = ConsoleAccess.class.getName() + ".operator";
    static final String LOGIN_PAGE = "/console/login.xhtml";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals(LOGIN_PAGE) || operator(request) != null) {
            chain.doFilter(request, response);
            return;
        }
        String login = request.getContextPath() + LOGIN_PAGE;
        if ("partial/ajax".equals(request.getHeader("Faces-Request"))) {
            response.setContentType("text/xml");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><partial-response><redirect url=\""
                    + login + "\"/></partial-response>");
        } else {
            response.sendRedirect(login);
        }
    }

    /** The logged-in operator of the current Faces request, as the audit record names who did what from where. */
    static Operator operator(FacesContext faces) {
        HttpServletRequest request = (HttpServletRequest) faces.getExternalContext().getRequest();
        return new Operator(operator(request), request.getRemoteAddr());
    }

    /** The operator logged in to this request's session, or null. */
    static String operator(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? null : (String) session.getAttribute(OPERATOR);
    }
}
