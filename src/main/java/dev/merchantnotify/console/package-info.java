/**
 * Console: the operators' pages at {@code /console/} (Jakarta Faces 4.0 + PrimeFaces, Jakarta build).
 *
 * <ul>
 *   <li>One layout ({@code WEB-INF/templates/layout.xhtml}: header, navigation, language switch, logout); pages under
 *       {@code webapp/console/}, each backed by a thin request-scoped {@code *Backing} bean that calls the same
 *       operator services as the admin API (never the HTTP API, never a store).</li>
 *   <li>Access: {@link dev.merchantnotify.console.ConsoleAccess} lets a request through only with a session in which
 *       an operator logged in. {@link dev.merchantnotify.console.LoginBacking} checks the credentials against Liberty's
 *       user registry ({@code HttpServletRequest.login}) and the role {@code admin}, then gives the session a new id
 *       and the operator's name; the session ends at logout or after {@code notify.console.session-minutes} idle.
 *       The APIs keep HTTP Basic (one login configuration per application), so the console is not a web.xml
 *       security constraint. Forms post back a server-side view state id, which is their protection against
 *       cross-site requests; the session cookie is HttpOnly and SameSite=Strict.</li>
 *   <li>Texts: {@code dev/merchantnotify/console/messages*.properties} (English, Chinese), chosen from the browser's
 *       {@code Accept-Language} and switchable ({@link dev.merchantnotify.console.LocaleBacking}). Every value a page
 *       shows goes through Faces' escaping output; nothing user-supplied is rendered unescaped.</li>
 *   <li>Pages and beans: dashboard ({@link dev.merchantnotify.console.DashboardBacking}: queue counts, the last hour
 *       per minute as charts, merchants by status, latest alerts; polls every {@code notify.console.refresh-seconds}),
 *       notifications and one notification, merchants and one merchant, merchant accounts
 *       ({@link dev.merchantnotify.console.AccountsBacking}) and one account with its destinations' health and its
 *       routes as tiers ({@link dev.merchantnotify.console.AccountBacking}), alerts, stats, maintenance. Lists are
 *       PrimeFaces lazy models: one count and one page query per page shown, never the whole table.</li>
 *   <li>Every read goes through {@link dev.merchantnotify.operator.OperatorQueries} (accounts:
 *       {@link dev.merchantnotify.operator.RoutingOperations}) and every change through
 *       {@link dev.merchantnotify.operator.OperatorActions} (accounts: {@code RoutingOperations}) with the console's
 *       operator
 *       ({@link dev.merchantnotify.console.ConsoleAccess#operator}), so it is audited as through the admin API.</li>
 *   <li>A page that fails shows {@code console-error.html} (both languages), never a stack trace.</li>
 * </ul>
 */
package dev.merchantnotify.console;
