package dev.merchantnotify.console;

import dev.merchantnotify.operator.AccountView;
import dev.merchantnotify.operator.DestinationTestView;
import dev.merchantnotify.operator.DestinationView;
import dev.merchantnotify.operator.Refusal;
import dev.merchantnotify.operator.RouteView;
import dev.merchantnotify.operator.RoutingOperations;
import dev.merchantnotify.operator.RoutingOperations.DestinationInput;
import dev.merchantnotify.operator.RoutingOperations.MemberInput;
import dev.merchantnotify.operator.RoutingOperations.RouteInput;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One merchant account: its destinations with their health and breakers (each links to its merchant page, where its
 * breaker can be reset and it can be paused), its routes as tiers, and what operators do to it: switch the account or
 * a destination on and off, add or change a destination of any type (http, rabbitmq, kafka, websocket, email, sms; secrets left empty are
 * kept), send a test notification to one and see its outcome,
 * add or change a route by giving each destination its tier (and weight or role), delete what is no longer wanted. Every change goes through
 * the operator services, audited as through the admin API; a refusal names the field in the operator's language.
 */
@Named
@ViewScoped
public class AccountBacking implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    RoutingOperations routing;

    @Inject
    Feedback feedback;

    @Inject
    Texts texts;

    private String no;
    private AccountView account;

    private String destinationName;
    private String destinationType = "http";
    /** The destination form's settings by name, as the admin API takes them (only the type's are sent). */
    private Map<String, String> settings = new HashMap<>(Map.of("format", "form"));
    /** The destination the form changes, or null when it adds one. */
    private String editingDestination;
    /** The route the form changes, or null when it adds one. */
    private Long editingRoute;

    private String eventPattern = "*";
    private String strategy = "failover";
    private boolean sticky;
    private Integer failoverAfter = 1;
    /** The route form's row per destination: its tier (blank: not a member), weight and role. */
    private List<MemberRow> members = new ArrayList<>();

    /** A destination's place in the route being made. */
    public static final class MemberRow implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String destination;
        private Integer tier;
        private Integer weight = 1;
        private String role = "required";

        MemberRow(String destination) {
            this.destination = destination;
        }

        public String getDestination() {
            return destination;
        }

        public Integer getTier() {
            return tier;
        }

        public void setTier(Integer tier) {
            this.tier = tier;
        }

        public Integer getWeight() {
            return weight;
        }

        public void setWeight(Integer weight) {
            this.weight = weight;
        }

        public String getRole() {
            return role;
        }

        public void setRole(String role) {
            this.role = role;
        }
    }

    /** Reads the account named by the {@code no} view parameter (none: the page says it does not exist). */
    public void load() {
        try {
            account = no == null ? null : routing.account(no);
        } catch (Refusal unknown) {
            account = null;
        }
        if (account != null) {
            List<MemberRow> rows = new ArrayList<>();
            account.destinations().forEach(destination -> rows.add(members.stream()
                    .filter(row -> row.destination.equals(destination.name())).findFirst()
                    .orElseGet(() -> new MemberRow(destination.name()))));
            members = rows;
        }
    }

    private void change(Runnable action, String doneKey, Object... arguments) {
        feedback.run(action, doneKey, arguments);
        load();
    }

    public void switchAccount() {
        boolean enable = !account.enabled();
        change(() -> routing.changeAccount(no, new RoutingOperations.AccountInput(null, null, enable), operator()),
                enable ? "account.enabled-done" : "account.disabled-done", no);
    }

    public String deleteAccount() {
        if (!feedback.run(() -> routing.deleteAccount(no, operator()), "account.deleted", no)) {
            return null;
        }
        FacesContext.getCurrentInstance().getExternalContext().getFlash().setKeepMessages(true);
        return "/console/accounts?faces-redirect=true";
    }

    /** The settings the form has for each destination type; {@code password} is secret: left empty, it is kept. */
    private static final Map<String, List<String>> FIELDS = Map.of(
            "http", List.of("url", "format"),
            "websocket", List.of(),
            "rabbitmq", List.of("uri", "password", "exchange", "routing_key"),
            "kafka", List.of("bootstrap_servers", "topic", "key", "security_protocol", "sasl_mechanism", "username",
                    "password"),
            "email", List.of("to", "language", "format", "from", "smtp_host", "smtp_port", "smtp_security",
                    "username", "password", "templates"),
            "sms", List.of("to", "provider", "sign_name", "language", "templates"));

    /** Settings the form shows as JSON text (an email destination's templates by event). */
    private static final List<String> JSON_FIELDS = List.of("templates");

    /**
     * Adds a destination, or saves the one being changed: the type's settings that are filled in (a secret left empty
     * keeps its stored value; an http destination's headers are kept as they are).
     */
    public void saveDestination() {
        var given = Json.createObjectBuilder();
        for (String field : FIELDS.getOrDefault(destinationType, List.of())) {
            String value = settings.get(field);
            if (value != null && !value.isBlank()) {
                if (JSON_FIELDS.contains(field)) {
                    try (var reader = Json.createReader(new java.io.StringReader(value))) {
                        given.add(field, reader.readValue());
                    } catch (jakarta.json.JsonException | IllegalStateException e) {
                        feedback.error("account.setting.not-json", field);
                        return;
                    }
                } else {
                    given.add(field, value.trim());
                }
            }
        }
        String name = destinationName == null ? null : destinationName.trim();
        boolean saved;
        if (editingDestination == null) {
            String type = destinationType;
            saved = feedback.run(() -> routing.createDestination(no, new DestinationInput(name, type,
                    given.build(), null), operator()), "account.destination-added", name);
        } else {
            String current = editingDestination;
            DestinationView before = account.destinations().stream().filter(d -> d.name().equals(current))
                    .findFirst().orElse(null);
            if (before != null && "http".equals(before.type())) {
                // Header values are secrets the page never sees: null keeps each stored value.
                var headers = Json.createObjectBuilder();
                before.secretNames().stream().filter(secret -> secret.startsWith("headers."))
                        .forEach(secret -> headers.addNull(secret.substring("headers.".length())));
                given.add("headers", headers);
            }
            saved = feedback.run(() -> routing.changeDestination(no, current, new DestinationInput(name, null,
                    given.build(), null), operator()), "account.destination-changed", name);
        }
        if (saved) {
            cancelDestination();
        }
        load();
    }

    /**
     * Puts a destination into the form to change it: its plain settings; secrets stay empty (kept unless given), and
     * an http URL with a secret part must be given again whole.
     */
    public void editDestination(DestinationView destination) {
        editingDestination = destination.name();
        destinationName = destination.name();
        destinationType = destination.type();
        settings = new HashMap<>();
        for (String field : FIELDS.getOrDefault(destinationType, List.of())) {
            boolean secret = field.equals("password") || destination.secretNames().contains(field);
            var value = destination.settings().get(field);
            if (secret || value == null) {
                continue;
            }
            if (value instanceof jakarta.json.JsonString text) {
                settings.put(field, text.getString());
            } else if (value instanceof jakarta.json.JsonArray list) {
                settings.put(field, list.getValuesAs(jakarta.json.JsonString.class).stream()
                        .map(jakarta.json.JsonString::getString).collect(Collectors.joining(", ")));
            } else if (JSON_FIELDS.contains(field)) {
                settings.put(field, value.toString());
            } else if (value instanceof jakarta.json.JsonNumber number) {
                settings.put(field, number.toString());
            }
        }
    }

    public void cancelDestination() {
        editingDestination = null;
        destinationName = null;
        destinationType = "http";
        settings = new HashMap<>(Map.of("format", "form"));
    }

    /** The destination types this node can deliver to, for the form's choice. */
    public List<String> getDestinationTypes() {
        return routing.destinationTypes();
    }

    public void switchDestination(DestinationView destination) {
        boolean enable = !destination.enabled();
        change(() -> routing.changeDestination(no, destination.name(), new DestinationInput(null, null, null, enable),
                operator()), enable ? "account.destination-enabled" : "account.destination-disabled",
                destination.name());
    }

    public void deleteDestination(String name) {
        change(() -> routing.deleteDestination(no, name, operator()), "account.destination-deleted", name);
    }

    /** Sends a test notification through the destination's channel and says what came of it. */
    public void test(String name) {
        try {
            DestinationTestView outcome = routing.test(no, name, null, null, null, operator());
            if (outcome.success()) {
                feedback.info("account.test-success", name, outcome.durationMs());
            } else {
                feedback.error("account.test-failure", name, outcome.errorKind(), outcome.error(),
                        outcome.durationMs());
            }
        } catch (Refusal refused) {
            feedback.refused(refused);
        }
        load();
    }

    /** Adds the route, or saves the one being changed: the destinations given a tier, tier by tier. */
    public void saveRoute() {
        Map<Integer, List<MemberInput>> byTier = new TreeMap<>();
        for (MemberRow row : members) {
            if (row.tier != null) {
                byTier.computeIfAbsent(row.tier, k -> new ArrayList<>()).add(new MemberInput(row.destination,
                        "weighted".equals(strategy) ? row.weight : null,
                        "broadcast".equals(strategy) ? row.role : null));
            }
        }
        RouteInput input = new RouteInput(eventPattern == null ? null : eventPattern.trim(), strategy,
                "weighted".equals(strategy) && sticky, "failover".equals(strategy) ? failoverAfter : null, null,
                List.copyOf(byTier.values()));
        Long changing = editingRoute;
        boolean saved = changing == null
                ? feedback.run(() -> routing.createRoute(no, input, operator()), "account.route-added",
                input.eventPattern())
                : feedback.run(() -> routing.changeRoute(no, changing, input, operator()), "account.route-changed",
                input.eventPattern());
        if (saved) {
            cancelRoute();
        }
        load();
    }

    /** Puts a route into the form to change it. */
    public void editRoute(RouteView route) {
        editingRoute = route.routeId();
        eventPattern = route.eventPattern();
        strategy = route.strategy();
        sticky = route.sticky();
        failoverAfter = route.failoverAfter();
        members.forEach(row -> {
            row.tier = null;
            row.weight = 1;
            row.role = "required";
        });
        for (int tier = 0; tier < route.tiers().size(); tier++) {
            for (RouteView.Member member : route.tiers().get(tier)) {
                int number = tier + 1;
                members.stream().filter(row -> row.destination.equals(member.destination())).findFirst()
                        .ifPresent(row -> {
                            row.tier = number;
                            row.weight = member.weight();
                            row.role = member.role() == null ? "required" : member.role();
                        });
            }
        }
    }

    public void cancelRoute() {
        editingRoute = null;
        eventPattern = "*";
        strategy = "failover";
        sticky = false;
        failoverAfter = 1;
        members.forEach(row -> row.tier = null);
    }

    public void switchRoute(RouteView route) {
        boolean enable = !route.enabled();
        List<List<MemberInput>> tiers = route.tiers().stream().map(tier -> tier.stream()
                .map(m -> new MemberInput(m.destination(), m.weight(), m.role())).toList()).toList();
        change(() -> routing.changeRoute(no, route.routeId(), new RouteInput(route.eventPattern(), route.strategy(),
                        route.sticky(), route.failoverAfter(), enable, tiers), operator()),
                enable ? "account.route-enabled" : "account.route-disabled", route.eventPattern());
    }

    public void deleteRoute(RouteView route) {
        change(() -> routing.deleteRoute(no, route.routeId(), operator()), "account.route-deleted",
                route.eventPattern());
    }

    /** A route's tiers in one line: {@code 1: primary · 2: backup}, with weights and roles where they matter. */
    public String tiers(RouteView route) {
        List<String> tiers = new ArrayList<>();
        for (int i = 0; i < route.tiers().size(); i++) {
            String members = route.tiers().get(i).stream().map(member -> member.destination()
                    + ("weighted".equals(route.strategy()) ? " ×" + member.weight() : "")
                    + ("copy".equals(member.role()) ? " (" + texts.get("account.role.copy") + ")" : ""))
                    .collect(Collectors.joining(", "));
            tiers.add((i + 1) + ": " + members);
        }
        return String.join(" · ", tiers);
    }

    private static dev.merchantnotify.operator.Operator operator() {
        return ConsoleAccess.operator(FacesContext.getCurrentInstance());
    }

    public List<String> getStrategies() {
        return List.of("single", "failover", "weighted", "broadcast");
    }

    public AccountView getAccount() {
        return account;
    }

    public String getNo() {
        return no;
    }

    public void setNo(String no) {
        this.no = no;
    }

    public String getEditingDestination() {
        return editingDestination;
    }

    public Long getEditingRoute() {
        return editingRoute;
    }

    public String getDestinationName() {
        return destinationName;
    }

    public void setDestinationName(String destinationName) {
        this.destinationName = destinationName;
    }

    public String getDestinationType() {
        return destinationType;
    }

    public void setDestinationType(String destinationType) {
        this.destinationType = destinationType == null ? "http" : destinationType;
    }

    /** The form's settings by name (the page binds each input to one). */
    public Map<String, String> getSettings() {
        return settings;
    }

    public String getEventPattern() {
        return eventPattern;
    }

    public void setEventPattern(String eventPattern) {
        this.eventPattern = eventPattern;
    }

    public String getStrategy() {
        return strategy;
    }

    public void setStrategy(String strategy) {
        this.strategy = strategy;
    }

    public boolean isSticky() {
        return sticky;
    }

    public void setSticky(boolean sticky) {
        this.sticky = sticky;
    }

    public Integer getFailoverAfter() {
        return failoverAfter;
    }

    public void setFailoverAfter(Integer failoverAfter) {
        this.failoverAfter = failoverAfter;
    }

    public List<MemberRow> getMembers() {
        return members;
    }
}
