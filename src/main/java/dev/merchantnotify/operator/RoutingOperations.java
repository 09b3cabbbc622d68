package dev.merchantnotify.operator;

import dev.merchantnotify.channel.Attempt;
import dev.merchantnotify.channel.AttemptLimits;
import dev.merchantnotify.channel.ChannelOutcome;
import dev.merchantnotify.channel.Channels;
import dev.merchantnotify.channel.websocket.SocketChannel;
import dev.merchantnotify.channel.websocket.SocketRelay;
import dev.merchantnotify.channel.websocket.SocketSessions;
import dev.merchantnotify.channel.CheckedSettings;
import dev.merchantnotify.channel.InvalidSetting;
import dev.merchantnotify.merchant.MerchantHealth;
import dev.merchantnotify.merchant.MerchantRegistry;
import dev.merchantnotify.merchant.Merchants;
import dev.merchantnotify.platform.ClientText;
import dev.merchantnotify.platform.Page;
import dev.merchantnotify.platform.PageRequest;
import dev.merchantnotify.routing.Accounts;
import dev.merchantnotify.routing.Destination;
import dev.merchantnotify.routing.EventPattern;
import dev.merchantnotify.routing.MemberRole;
import dev.merchantnotify.routing.MerchantAccount;
import dev.merchantnotify.routing.Route;
import dev.merchantnotify.routing.RouteDraft;
import dev.merchantnotify.routing.RouteMember;
import dev.merchantnotify.routing.Strategy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Merchant accounts, their destinations and routes, for the admin API and the console alike: reads, and changes that
 * are checked field by field (a {@link Refusal} naming the field, before anything is written) and audited in the same
 * transaction. A destination's settings are checked by its channel ({@code dev.merchantnotify.channel}); their secret
 * values are never shown again. A test notification goes to one destination through its channel, as a real attempt
 * would, and its outcome is shown; nothing is stored.
 */
@ApplicationScoped
public class RoutingOperations {

    /** Names and merchant numbers: letters, digits, {@code .}, {@code _}, {@code -}. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    @Inject
    Accounts accounts;

    @Inject
    Channels channels;

    @Inject
    MerchantRegistry registry;

    @Inject
    Merchants merchants;

    @Inject
    AuditLog audit;

    @Inject
    AttemptLimits limits;

    @Inject
    Clock clock;

    @Inject
    SocketSessions sockets;

    @Inject
    SocketRelay relay;

    /** An account as an operator gives it; {@code enabled} null: true for a new one, unchanged for an update. */
    public record AccountInput(String merchantNo, String name, Boolean enabled) {
    }

    /** A destination as an operator gives it; {@code settings} are its type's ({@code http}: url, format, headers). */
    public record DestinationInput(String name, String type, JsonObject settings, Boolean enabled) {
    }

    /** A route as an operator gives it: members in tiers, tier 1 first. Null fields take their defaults. */
    public record RouteInput(String eventPattern, String strategy, Boolean sticky, Integer failoverAfter,
                             Boolean enabled, List<List<MemberInput>> tiers) {
    }

    /** A route member: the destination's name; weight 1 and role required unless given. */
    public record MemberInput(String destination, Integer weight, String role) {
    }

    // ---- reads ----

    public Page<AccountView> accounts(PageRequest page) {
        List<AccountView> list = accounts.page(page.offset(), page.limit()).stream()
                .map(account -> summary(account, accounts.destinations(account.getId()),
                        accounts.routes(account.getId()).size()))
                .toList();
        return Page.of(page, accounts.count(), list);
    }

    public AccountView account(String merchantNo) {
        MerchantAccount account = existing(merchantNo);
        List<Destination> destinations = accounts.destinations(account.getId());
        List<DestinationView> views = views(destinations);
        Map<Long, String> names = destinations.stream()
                .collect(Collectors.toMap(Destination::getId, Destination::getName));
        List<RouteView> routes = accounts.routes(account.getId()).stream().map(route -> view(route, names)).toList();
        return new AccountView(account.getMerchantNo(), account.getName(), account.isEnabled(),
                AccountView.summarise(views), views.size(), routes.size(), account.getCreatedAt(),
                account.getUpdatedAt(), views, routes);
    }

    public DestinationView destination(String merchantNo, String name) {
        MerchantAccount account = existing(merchantNo);
        return views(List.of(existing(account, name))).get(0);
    }

    public RouteView route(String merchantNo, long routeId) {
        MerchantAccount account = existing(merchantNo);
        return view(existing(account, routeId), destinationNames(account));
    }

    // ---- accounts ----

    public AccountView createAccount(AccountInput input, Operator operator) {
        String merchantNo = name("merchant_no", input.merchantNo(), MerchantAccount.MAX_MERCHANT_NO_LENGTH);
        String name = text("name", input.name(), MerchantAccount.MAX_NAME_LENGTH);
        if (accounts.find(merchantNo).isPresent()) {
            throw new Refusal(Refusal.Reason.ACCOUNT_EXISTS, ClientText.quote(merchantNo));
        }
        audit.recordChange(operator, "create-account", merchantNo,
                () -> accounts.create(merchantNo, name, input.enabled() == null || input.enabled()),
                created -> "name " + ClientText.quote(name) + (created.isEnabled() ? "" : ", disabled"));
        return account(merchantNo);
    }

    public AccountView changeAccount(String merchantNo, AccountInput input, Operator operator) {
        MerchantAccount account = existing(merchantNo);
        String name = input.name() == null ? account.getName()
                : text("name", input.name(), MerchantAccount.MAX_NAME_LENGTH);
        boolean enabled = input.enabled() == null ? account.isEnabled() : input.enabled();
        audit.recordChange(operator, "change-account", merchantNo, () -> accounts.change(account, name, enabled),
                changed -> "name " + ClientText.quote(name) + (enabled ? ", enabled" : ", disabled"));
        return account(merchantNo);
    }

    public void deleteAccount(String merchantNo, Operator operator) {
        MerchantAccount account = existing(merchantNo);
        int destinations = accounts.destinations(account.getId()).size();
        int routes = accounts.routes(account.getId()).size();
        audit.recordChange(operator, "delete-account", merchantNo, () -> {
            accounts.delete(account);
            return account;
        }, deleted -> "deleted with " + destinations + " destination(s) and " + routes + " route(s)");
    }

    // ---- destinations ----

    public DestinationView createDestination(String merchantNo, DestinationInput input, Operator operator) {
        MerchantAccount account = existing(merchantNo);
        String name = name("name", input.name(), Destination.MAX_NAME_LENGTH);
        String type = type(input.type());
        CheckedSettings settings = check(type, input.settings(), JsonValue.EMPTY_JSON_OBJECT);
        if (accounts.destination(account.getId(), name).isPresent()) {
            throw new Refusal(Refusal.Reason.DESTINATION_EXISTS, merchantNo, ClientText.quote(name));
        }
        boolean enabled = input.enabled() == null || input.enabled();
        Destination created = audit.recordChange(operator, "create-destination", merchantNo + "/" + name,
                () -> accounts.createDestination(account, name, type, settings, enabled),
                destination -> type + " " + settings.address() + secretsNote(settings)
                        + (enabled ? "" : ", disabled") + ", destination_key " + destination.getDestinationKey());
        return views(List.of(created)).get(0);
    }

    public DestinationView changeDestination(String merchantNo, String currentName, DestinationInput input,
                                             Operator operator) {
        MerchantAccount account = existing(merchantNo);
        Destination destination = existing(account, currentName);
        String name = input.name() == null ? destination.getName()
                : name("name", input.name(), Destination.MAX_NAME_LENGTH);
        if (input.type() != null && !input.type().equals(destination.getType())) {
            throw new Refusal(Refusal.Reason.DESTINATION_TYPE_FIXED, currentName, destination.getType(),
                    ClientText.quote(input.type()));
        }
        // Settings left out are kept as they are (a rename, or switching it on or off).
        CheckedSettings settings = input.settings() == null
                ? new CheckedSettings(Accounts.settingsOf(destination), accounts.secretsOf(destination),
                destination.getAddress(), null)
                : check(destination.getType(), input.settings(), accounts.secretsOf(destination));
        if (!name.equals(destination.getName()) && accounts.destination(account.getId(), name).isPresent()) {
            throw new Refusal(Refusal.Reason.DESTINATION_EXISTS, merchantNo, ClientText.quote(name));
        }
        boolean enabled = input.enabled() == null ? destination.isEnabled() : input.enabled();
        Destination changed = audit.recordChange(operator, "change-destination", merchantNo + "/" + currentName,
                () -> accounts.changeDestination(destination, name, settings, enabled),
                after -> (name.equals(currentName) ? "" : "renamed " + name + ", ") + after.getType() + " "
                        + settings.address() + secretsNote(settings) + (enabled ? ", enabled" : ", disabled"));
        return views(List.of(changed)).get(0);
    }

    public void deleteDestination(String merchantNo, String name, Operator operator) {
        MerchantAccount account = existing(merchantNo);
        Destination destination = existing(account, name);
        List<Route> using = accounts.routesUsing(destination.getId());
        if (!using.isEmpty()) {
            throw new Refusal(Refusal.Reason.DESTINATION_IN_USE, name, using.stream()
                    .map(route -> route.getEventPattern().text()).sorted().collect(Collectors.joining(", ")));
        }
        audit.recordChange(operator, "delete-destination", merchantNo + "/" + name, () -> {
            accounts.deleteDestination(destination);
            return destination;
        }, deleted -> "deleted (" + deleted.getType() + ", destination_key " + deleted.getDestinationKey() + ")");
    }

    /**
     * Sends one test notification to a destination, through its channel, and waits for its outcome (at most the
     * attempt deadline). Nothing is stored and the destination's health is left as it is.
     */
    public DestinationTestView test(String merchantNo, String name, String event, String orderNo, JsonObject payload,
                                    Operator operator) {
        MerchantAccount account = existing(merchantNo);
        Destination destination = existing(account, name);
        String testOrder = orderNo != null ? orderNo : "TEST-" + clock.millis();
        String testEvent = event != null ? event : "order.paid";
        JsonObject body = payload != null ? payload : Json.createObjectBuilder().add("order_no", testOrder)
                .add("event", testEvent).add("test", true).build();
        Attempt attempt = new Attempt(0, testOrder, testEvent, body.toString(), 1, clock.instant(),
                channels.target(destination.getType(), destination.getDestinationKey(),
                        Accounts.settingsOf(destination), accounts.secretsOf(destination)));
        ChannelOutcome outcome;
        try {
            outcome = channels.send(attempt).get(limits.attemptDeadline().toMillis() + 2_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the test's outcome", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the channel did not complete the test attempt: " + e, e);
        }
        audit.record(operator, "test-destination", merchantNo + "/" + name, "order_no " + testOrder + ": "
                + (outcome.success() ? "success" : outcome.failure().apiName() + ": " + outcome.error()));
        return new DestinationTestView(name, testOrder, outcome.success(), outcome.status(), outcome.durationMs(),
                outcome.success() ? null : outcome.failure().apiName(), outcome.error(), outcome.responseExcerpt(),
                outcome.providerRef());
    }

    // ---- routes ----

    public RouteView createRoute(String merchantNo, RouteInput input, Operator operator) {
        MerchantAccount account = existing(merchantNo);
        Map<String, Destination> byName = destinationsByName(account);
        RouteDraft draft = draft(input, byName, null);
        if (accounts.routes(account.getId()).stream()
                .anyMatch(route -> route.getEventPattern().equals(draft.eventPattern()))) {
            throw new Refusal(Refusal.Reason.ROUTE_EXISTS, merchantNo, draft.eventPattern().text());
        }
        Route created = audit.recordChange(operator, "create-route", merchantNo + " " + draft.eventPattern().text(),
                () -> accounts.createRoute(account, draft), route -> describe(draft, byName));
        return view(created, destinationNames(account));
    }

    public RouteView changeRoute(String merchantNo, long routeId, RouteInput input, Operator operator) {
        MerchantAccount account = existing(merchantNo);
        Route route = existing(account, routeId);
        Map<String, Destination> byName = destinationsByName(account);
        RouteDraft draft = draft(input, byName, route);
        if (accounts.routes(account.getId()).stream().anyMatch(other -> other.getId() != routeId
                && other.getEventPattern().equals(draft.eventPattern()))) {
            throw new Refusal(Refusal.Reason.ROUTE_EXISTS, merchantNo, draft.eventPattern().text());
        }
        Route changed = audit.recordChange(operator, "change-route", merchantNo + " route " + routeId,
                () -> accounts.changeRoute(route, draft), after -> describe(draft, byName));
        return view(changed, destinationNames(account));
    }

    public void deleteRoute(String merchantNo, long routeId, Operator operator) {
        MerchantAccount account = existing(merchantNo);
        Route route = existing(account, routeId);
        audit.recordChange(operator, "delete-route", merchantNo + " route " + routeId, () -> {
            accounts.deleteRoute(route);
            return route;
        }, deleted -> "deleted the route for " + deleted.getEventPattern().text());
    }

    private RouteDraft draft(RouteInput input, Map<String, Destination> byName, Route current) {
        String patternText = input.eventPattern() != null ? input.eventPattern()
                : current != null ? current.getEventPattern().text() : null;
        if (patternText == null || patternText.isBlank()) {
            throw new Refusal(Refusal.Reason.FIELD_REQUIRED, "event_pattern");
        }
        if (!EventPattern.isValid(patternText)) {
            throw new Refusal(Refusal.Reason.FIELD_EVENT_PATTERN, "event_pattern", ClientText.quote(patternText));
        }
        if (input.strategy() == null || input.strategy().isBlank()) {
            throw new Refusal(Refusal.Reason.FIELD_REQUIRED, "strategy");
        }
        Strategy strategy = Strategy.fromApiName(input.strategy()).orElseThrow(() -> new Refusal(
                Refusal.Reason.FIELD_ONE_OF, "strategy", names(Strategy.values()), ClientText.quote(input.strategy())));
        boolean sticky = input.sticky() != null && input.sticky();
        if (sticky && strategy != Strategy.WEIGHTED) {
            throw new Refusal(Refusal.Reason.ROUTE_STICKY);
        }
        int failoverAfter = input.failoverAfter() == null ? 1 : input.failoverAfter();
        if (failoverAfter < 1 || failoverAfter > Route.MAX_FAILOVER_AFTER) {
            throw new Refusal(Refusal.Reason.FIELD_RANGE, "failover_after", "1",
                    String.valueOf(Route.MAX_FAILOVER_AFTER), String.valueOf(failoverAfter));
        }
        boolean enabled = input.enabled() != null ? input.enabled() : current == null || current.isEnabled();
        List<List<MemberInput>> tiers = input.tiers();
        if (tiers == null || tiers.isEmpty() || tiers.stream().anyMatch(tier -> tier == null || tier.isEmpty())) {
            throw new Refusal(Refusal.Reason.ROUTE_EMPTY);
        }
        List<RouteMember> members = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int t = 0; t < tiers.size(); t++) {
            for (int m = 0; m < tiers.get(t).size(); m++) {
                MemberInput member = tiers.get(t).get(m);
                String field = "tiers[" + t + "][" + m + "]";
                members.add(member(field, member, strategy, byName, seen, t + 1, m + 1));
            }
        }
        if (strategy == Strategy.SINGLE && members.size() != 1) {
            throw new Refusal(Refusal.Reason.ROUTE_SINGLE, String.valueOf(members.size()));
        }
        if (strategy == Strategy.BROADCAST && members.stream().noneMatch(m -> m.getRole() == MemberRole.REQUIRED)) {
            throw new Refusal(Refusal.Reason.ROUTE_NO_REQUIRED);
        }
        return new RouteDraft(new EventPattern(patternText), strategy, sticky, failoverAfter, enabled, members);
    }

    private static RouteMember member(String field, MemberInput member, Strategy strategy,
                                      Map<String, Destination> byName, Set<String> seen, int tier, int position) {
        if (member == null || member.destination() == null || member.destination().isBlank()) {
            throw new Refusal(Refusal.Reason.FIELD_REQUIRED, field + ".destination");
        }
        Destination destination = byName.get(member.destination());
        if (destination == null) {
            throw new Refusal(Refusal.Reason.FIELD_ONE_OF, field + ".destination",
                    byName.isEmpty() ? "(none: add a destination first)" : String.join(", ", byName.keySet()),
                    ClientText.quote(member.destination()));
        }
        if (!seen.add(member.destination())) {
            throw new Refusal(Refusal.Reason.ROUTE_DUPLICATE_MEMBER, field, member.destination());
        }
        int weight = member.weight() == null ? 1 : member.weight();
        if (weight < 1 || weight > RouteMember.MAX_WEIGHT) {
            throw new Refusal(Refusal.Reason.FIELD_RANGE, field + ".weight", "1", String.valueOf(RouteMember.MAX_WEIGHT),
                    String.valueOf(weight));
        }
        MemberRole role = member.role() == null ? MemberRole.REQUIRED : MemberRole.fromApiName(member.role())
                .orElseThrow(() -> new Refusal(Refusal.Reason.FIELD_ONE_OF, field + ".role", names(MemberRole.values()),
                        ClientText.quote(member.role())));
        if (role == MemberRole.COPY && strategy != Strategy.BROADCAST) {
            throw new Refusal(Refusal.Reason.ROUTE_ROLE, field + ".role");
        }
        return new RouteMember(tier, position, destination.getId(), weight, role);
    }

    // ---- checks and views ----

    private MerchantAccount existing(String merchantNo) {
        if (merchantNo == null || merchantNo.isBlank()) {
            throw new Refusal(Refusal.Reason.FIELD_REQUIRED, "merchant_no");
        }
        return accounts.find(merchantNo)
                .orElseThrow(() -> new Refusal(Refusal.Reason.UNKNOWN_ACCOUNT, ClientText.quote(merchantNo)));
    }

    private Destination existing(MerchantAccount account, String name) {
        return accounts.destination(account.getId(), name).orElseThrow(() -> new Refusal(
                Refusal.Reason.UNKNOWN_DESTINATION, account.getMerchantNo(), ClientText.quote(name)));
    }

    private Route existing(MerchantAccount account, long routeId) {
        return accounts.route(account.getId(), routeId).orElseThrow(() -> new Refusal(
                Refusal.Reason.UNKNOWN_ROUTE, account.getMerchantNo(), String.valueOf(routeId)));
    }

    private String type(String type) {
        if (type == null || type.isBlank()) {
            throw new Refusal(Refusal.Reason.FIELD_REQUIRED, "type");
        }
        if (!channels.types().contains(type)) {
            throw new Refusal(Refusal.Reason.FIELD_ONE_OF, "type", String.join(", ", channels.types()),
                    ClientText.quote(type));
        }
        return type;
    }

    /** The destination types this node can deliver to ({@code http}, {@code kafka}, {@code rabbitmq}). */
    public List<String> destinationTypes() {
        return List.copyOf(channels.types());
    }

    private CheckedSettings check(String type, JsonObject settings, JsonObject storedSecrets) {
        if (settings == null) {
            throw new Refusal(Refusal.Reason.FIELD_REQUIRED, "settings");
        }
        try {
            CheckedSettings checked = channels.check(type, settings, storedSecrets);
            if (checked.plain().toString().length() > Destination.MAX_SETTINGS_LENGTH) {
                throw new Refusal(Refusal.Reason.FIELD_TOO_LONG, "settings",
                        Destination.MAX_SETTINGS_LENGTH + " characters as JSON");
            }
            return checked;
        } catch (InvalidSetting e) {
            String[] arguments = new String[e.arguments().length + 1];
            arguments[0] = e.field();
            System.arraycopy(e.arguments(), 0, arguments, 1, e.arguments().length);
            throw new Refusal(Refusal.Reason.valueOf("FIELD_" + e.problem().name()), arguments);
        }
    }

    private static String name(String field, String value, int maxLength) {
        String text = text(field, value, maxLength);
        if (!NAME.matcher(text).matches()) {
            throw new Refusal(Refusal.Reason.FIELD_CHARACTERS, field, ClientText.quote(text));
        }
        return text;
    }

    private static String text(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new Refusal(Refusal.Reason.FIELD_REQUIRED, field);
        }
        String text = value.strip();
        if (text.length() > maxLength) {
            throw new Refusal(Refusal.Reason.FIELD_TOO_LONG, field, maxLength + " characters");
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw new Refusal(Refusal.Reason.FIELD_LINE_BREAK, field);
        }
        return text;
    }

    private static String names(Enum<?>[] values) {
        return Arrays.stream(values).map(value -> value.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }

    private static String secretsNote(CheckedSettings settings) {
        List<String> names = secretNames(settings.secrets());
        return names.isEmpty() ? "" : ", secrets " + String.join(", ", names) + " (values not logged)";
    }

    /** The paths of secret values ({@code headers.Authorization}), never the values. */
    static List<String> secretNames(JsonObject secrets) {
        List<String> names = new ArrayList<>();
        secrets.forEach((key, value) -> {
            if (value.getValueType() == JsonValue.ValueType.OBJECT) {
                value.asJsonObject().keySet().forEach(inner -> names.add(key + "." + inner));
            } else {
                names.add(key);
            }
        });
        return names;
    }

    private Map<String, Destination> destinationsByName(MerchantAccount account) {
        Map<String, Destination> byName = new TreeMap<>();
        accounts.destinations(account.getId()).forEach(destination -> byName.put(destination.getName(), destination));
        return byName;
    }

    private Map<Long, String> destinationNames(MerchantAccount account) {
        Map<Long, String> names = new HashMap<>();
        accounts.destinations(account.getId()).forEach(d -> names.put(d.getId(), d.getName()));
        return names;
    }

    private static String describe(RouteDraft draft, Map<String, Destination> byName) {
        Map<Long, String> names = new HashMap<>();
        byName.forEach((name, destination) -> names.put(destination.getId(), name));
        return draft.strategy().apiName() + (draft.sticky() ? " sticky" : "")
                + (draft.strategy() == Strategy.FAILOVER ? " after " + draft.failoverAfter() : "")
                + (draft.enabled() ? "" : ", disabled") + ": " + draft.members().stream()
                .map(m -> "tier " + m.getTier() + " " + names.get(m.getDestinationId())
                        + (m.getWeight() != 1 ? " weight " + m.getWeight() : "")
                        + (m.getRole() == MemberRole.COPY ? " (copy)" : ""))
                .collect(Collectors.joining(", "));
    }

    private static RouteView view(Route route, Map<Long, String> names) {
        List<List<RouteView.Member>> tiers = new ArrayList<>();
        for (RouteMember member : route.getMembers()) {
            while (tiers.size() < member.getTier()) {
                tiers.add(new ArrayList<>());
            }
            tiers.get(member.getTier() - 1).add(new RouteView.Member(names.get(member.getDestinationId()),
                    member.getWeight(), member.getRole().apiName()));
        }
        return new RouteView(route.getId(), route.getEventPattern().text(), route.getStrategy().apiName(),
                route.isSticky(), route.getFailoverAfter(), route.isEnabled(), tiers.stream().map(List::copyOf).toList(),
                route.getCreatedAt(), route.getUpdatedAt());
    }

    private AccountView summary(MerchantAccount account, List<Destination> destinations, int routes) {
        List<DestinationView> views = views(destinations);
        return new AccountView(account.getMerchantNo(), account.getName(), account.isEnabled(),
                AccountView.summarise(views), views.size(), routes, account.getCreatedAt(), account.getUpdatedAt(),
                null, null);
    }

    /** Views of destinations with their health: one Redis pipeline and one row read per destination. */
    private List<DestinationView> views(List<Destination> destinations) {
        if (destinations.isEmpty()) {
            return List.of();
        }
        Map<String, MerchantHealth> health = registry.read(destinations.stream()
                .map(Destination::getDestinationKey).toList());
        List<DestinationView> views = new ArrayList<>(destinations.size());
        for (Destination destination : destinations) {
            String key = destination.getDestinationKey();
            MerchantHealth destinationHealth = health.get(key);
            JsonObject settings = Accounts.settingsOf(destination);
            String address = destination.getAddress();
            MerchantStatusView status = merchants.find(key)
                    .map(merchant -> MerchantStatusView.of(destinationHealth, merchant, address)).orElse(null);
            String statusName = !destination.isEnabled() ? "disabled"
                    : destinationHealth.paused() ? "paused" : destinationHealth.status().apiName();
            List<DestinationView.SessionView> open = !SocketChannel.TYPE.equals(destination.getType()) ? null
                    : sockets.sessions().stream().filter(session -> session.destinationKey().equals(key))
                    .map(session -> new DestinationView.SessionView(session.openedAt(), session.awaiting()))
                    .toList();
            Integer elsewhere = open == null ? null : relay.elsewhere(key);
            views.add(new DestinationView(destination.getName(), destination.getType(), destination.isEnabled(),
                    address, settings, secretNames(accounts.secretsOf(destination)), key, statusName, status,
                    open, elsewhere, destination.getCreatedAt(), destination.getUpdatedAt()));
        }
        return views;
    }
}
