package io.storageconsole.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A Vaadin UI driven over plain HTTP, speaking the client's own protocol (init, then UIDL requests
 * with the UI's security key), so that many of them can act at once from threads where a real
 * browser each would be far too heavy. It keeps the element tree the server sends, finds fields by
 * label and buttons by text, types and clicks, and reads what the user would see: field errors,
 * notifications and texts. Every request's HTTP status is kept, so tests can count 5xx answers.
 */
public final class VaadinHttpUi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLICK = "{\"event.shiftKey\":false,\"event.metaKey\":false,\"event.detail\":1,"
            + "\"event.ctrlKey\":false,\"event.clientX\":0,\"event.clientY\":0,\"event.altKey\":false,"
            + "\"event.button\":0,\"event.screenY\":0,\"event.screenX\":0}";

    private final CookieBrowser browser;
    private final Map<Integer, Element> elements = new HashMap<>();
    private final List<String> notifications = new ArrayList<>();
    private final List<ObjectNode> pending = new ArrayList<>();
    private final Map<Integer, java.util.TreeMap<Integer, JsonNode>> gridRows = new HashMap<>();
    private final Map<String, int[]> rendererChannels = new HashMap<>();
    private String securityKey;
    private int uiId;
    private int syncId;
    private int clientId;
    private int lastStatus;
    private java.net.http.HttpHeaders lastHeaders;
    private boolean sessionExpired;
    private String redirectedTo;

    private VaadinHttpUi(CookieBrowser browser) {
        this.browser = browser;
    }

    /** Loads a UI and navigates it to {@code route}, as a browser opening that page does. */
    public static VaadinHttpUi open(CookieBrowser browser, String route) {
        VaadinHttpUi ui = new VaadinHttpUi(browser);
        HttpResponse<String> init = browser.get("/?v-r=init&location=" + URLEncoder.encode(route, StandardCharsets.UTF_8)
                + "&query=");
        ui.lastStatus = init.statusCode();
        if (init.statusCode() != 200) {
            throw new AssertionError("Opening a UI answered " + init.statusCode() + ": " + init.body());
        }
        JsonNode config = read(init.body()).path("appConfig");
        ui.uiId = config.path("v-uiId").asInt();
        ui.apply(config.path("uidl"));
        ObjectNode navigate = JSON.createObjectNode().put("type", "event").put("node", 1).put("event", "ui-navigate");
        navigate.putObject("data").put("route", route).put("query", "").put("appShellTitle", "").put("trigger", "")
                .putObject("historyState").put("idx", 0);
        ui.send(List.of(navigate));
        return ui;
    }

    /** The first field (text, password, integer...) shown with this label. */
    public Element field(String label) {
        return find(element -> label.equals(element.property("label")))
                .orElseThrow(() -> new AssertionError("No field labelled '" + label + "' in " + texts()));
    }

    /** The first button whose text is {@code text}. */
    public Element button(String text) {
        return findButton(text).orElseThrow(() -> new AssertionError("No button '" + text + "' in " + texts()));
    }

    public Optional<Element> findButton(String text) {
        return find(element -> "vaadin-button".equals(element.tag) && text.equals(textOf(element)));
    }

    public Optional<Element> find(Predicate<Element> condition) {
        return elements.values().stream().filter(element -> element.attached).filter(condition)
                .min((a, b) -> Integer.compare(a.id, b.id));
    }

    /** Types into a field: the value reaches the server with the field's change event. */
    public VaadinHttpUi type(Element field, String value) {
        ObjectNode sync = JSON.createObjectNode().put("type", "mSync").put("node", field.id).put("feature", 1)
                .put("property", "value").put("value", value);
        ObjectNode change = JSON.createObjectNode().put("type", "event").put("node", field.id).put("event", "change");
        change.putObject("data");
        pending.add(sync);
        pending.add(change);
        return this;
    }

    /** Ticks or clears a checkbox (or a switch drawn as one), as a click on it does. */
    public int check(Element checkbox, boolean checked) {
        ObjectNode sync = JSON.createObjectNode().put("type", "mSync").put("node", checkbox.id).put("feature", 1)
                .put("property", "checked").put("value", checked);
        ObjectNode change = JSON.createObjectNode().put("type", "event").put("node", checkbox.id)
                .put("event", "checked-changed");
        change.putObject("data");
        pending.add(sync);
        pending.add(change);
        return flush();
    }

    /** Opens the tab at {@code index} of the page's tab sheet, as a click on that tab does. */
    public int chooseTab(int index) {
        Element tabs = find(element -> "vaadin-tabs".equals(element.tag()))
                .orElseThrow(() -> new AssertionError("No tabs in " + texts()));
        ObjectNode sync = JSON.createObjectNode().put("type", "mSync").put("node", tabs.id).put("feature", 1)
                .put("property", "selected").put("value", index);
        ObjectNode change = JSON.createObjectNode().put("type", "event").put("node", tabs.id).put("event", "selected-changed");
        change.putObject("data");
        pending.add(sync);
        pending.add(change);
        return flush();
    }

    /** Clicks, sending whatever was typed before with it; returns the HTTP status of that request. */
    public int click(Element button) {
        try {
            ObjectNode click = JSON.createObjectNode().put("type", "event").put("node", button.id).put("event", "click");
            click.set("data", JSON.readTree(CLICK));
            pending.add(click);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return flush();
    }

    /** Fires a DOM event without data on an element, such as "confirm" on a confirm dialog. */
    public int fire(Element element, String event) {
        ObjectNode call = JSON.createObjectNode().put("type", "event").put("node", element.id).put("event", event);
        call.putObject("data");
        pending.add(call);
        return flush();
    }

    /** The rows a grid has been sent, each with its key and column values ("col0", ...). */
    public List<JsonNode> rows(Element grid) {
        return List.copyOf(gridRows.getOrDefault(grid.id, new java.util.TreeMap<>()).values());
    }

    /**
     * The key of the first row of the grid that shows {@code text} in some column, after asking for
     * the rows in view as the browser does whenever the grid's data changed.
     */
    public String rowKeyShowing(Element grid, String text) {
        ObjectNode viewport = JSON.createObjectNode().put("type", "publishedEventHandler").put("node", grid.id)
                .put("templateEventMethodName", "setViewportRange");
        viewport.putArray("templateEventMethodArgs").add(0).add(50);
        viewport.put("promise", 0);
        pending.add(viewport);
        flush();
        return rows(grid).stream()
                .filter(row -> java.util.stream.StreamSupport.stream(row.spliterator(), false)
                        .anyMatch(value -> text.equals(value.asText())))
                .map(row -> row.get("key").asText()).findFirst()
                .orElseThrow(() -> new AssertionError("No row shows '" + text + "' in " + rows(grid)));
    }

    /** Calls a function of a row's Lit template (a LitRenderer function, such as a row's button). */
    public int callRowFunction(String function, String rowKey) {
        int[] channel = rendererChannels.get(function);
        if (channel == null) {
            throw new AssertionError("No row template calls '" + function + "': " + rendererChannels.keySet());
        }
        ObjectNode call = JSON.createObjectNode().put("type", "channel").put("node", channel[0]).put("channel", channel[1]);
        call.putArray("args").add(function).add(rowKey).addArray();
        pending.add(call);
        return flush();
    }

    /** Ticks a row of a multi-select grid, as its checkbox does. */
    public int select(Element grid, String rowKey) {
        ObjectNode call = JSON.createObjectNode().put("type", "publishedEventHandler").put("node", grid.id)
                .put("templateEventMethodName", "select");
        call.putArray("templateEventMethodArgs").add(rowKey);
        call.put("promise", 0);
        pending.add(call);
        return flush();
    }

    private int flush() {
        List<ObjectNode> rpc = List.copyOf(pending);
        pending.clear();
        return send(rpc);
    }

    private int send(List<ObjectNode> rpc) {
        notifications.clear();
        ObjectNode body = JSON.createObjectNode().put("csrfToken", securityKey).put("syncId", syncId)
                .put("clientId", clientId);
        ArrayNode calls = body.putArray("rpc");
        rpc.forEach(calls::add);
        HttpResponse<String> response = browser.postJson("/?v-r=uidl&v-uiId=" + uiId, body.toString());
        lastStatus = response.statusCode();
        lastHeaders = response.headers();
        if (response.statusCode() == 200 && response.body().startsWith("for(;;);")) {
            JsonNode answer = read(response.body().substring("for(;;);".length())).get(0);
            apply(answer);
        }
        return response.statusCode();
    }

    private void apply(JsonNode uidl) {
        if (uidl.has("Vaadin-Security-Key")) {
            securityKey = uidl.get("Vaadin-Security-Key").asText();
        }
        if (uidl.has("syncId")) {
            syncId = uidl.get("syncId").asInt();
        }
        if (uidl.has("clientId")) {
            clientId = uidl.get("clientId").asInt();
        }
        JsonNode meta = uidl.path("meta");
        if (meta.path("sessionExpired").asBoolean(false)) {
            sessionExpired = true;
        }
        if (meta.has("redirect")) {
            redirectedTo = meta.path("redirect").path("url").asText();
        }
        for (JsonNode change : uidl.path("changes")) {
            int node = change.path("node").asInt();
            Element element = elements.computeIfAbsent(node, Element::new);
            switch (change.path("type").asText()) {
                case "attach" -> element.attached = true;
                case "detach" -> element.attached = false;
                case "put" -> element.put(change.path("feat").asInt(), change.path("key").asText(), change.get("value"));
                case "splice" -> element.splice(change);
                case "clear" -> {
                    if (change.path("feat").asInt() == 2) {
                        element.children.clear();
                    }
                }
                default -> {
                }
            }
        }
        for (JsonNode execute : uidl.path("execute")) {
            String script = execute.get(execute.size() - 1).asText();
            if (script.contains("window.location") || script.contains("location.href")) {
                redirectedTo = script;
            }
            if (script.contains("$connector.")) {
                applyToGrid(execute, script);
            }
            if (execute.size() > 4 && "renderer".equals(execute.get(0).asText()) && execute.get(2).isArray()
                    && execute.get(2).get(0).asInt() == 2) {
                // setLitRenderer(component, name, template, [2, node, channel], [1, [functions]], ...)
                int[] channel = {execute.get(2).get(1).asInt(), execute.get(2).get(2).asInt()};
                execute.get(3).get(1).forEach(function -> rendererChannels.put(function.asText(), channel));
            }
        }
        // A notification counts for the request whose answer opened it, not for later ones.
        for (JsonNode change : uidl.path("changes")) {
            Element element = elements.get(change.path("node").asInt());
            if (element != null && element.attached && "vaadin-notification".equals(element.tag)
                    && "opened".equals(change.path("key").asText()) && change.path("value").asBoolean(false)) {
                notifications.add(notificationText(element));
            }
        }
    }

    /**
     * Follows what the server tells a grid's connector, by row position as the browser's grid keeps
     * them: rows set from an index, cleared, the size changed, or everything reset (keys change then).
     */
    private void applyToGrid(JsonNode execute, String script) {
        JsonNode target = execute.get(0);
        if (!target.isArray() || target.size() != 2 || target.get(0).asInt() != 0) {
            return;
        }
        java.util.TreeMap<Integer, JsonNode> rows = gridRows.computeIfAbsent(target.get(1).asInt(),
                node -> new java.util.TreeMap<>());
        if (script.contains("$connector.reset()")) {
            rows.clear();
        } else if (script.contains("$connector.set(") && execute.size() >= 4) {
            int index = execute.get(1).asInt();
            for (JsonNode row : execute.get(2).get(1)) {
                rows.put(index++, row);
            }
        } else if (script.contains("$connector.clear(") && execute.size() >= 4) {
            int index = execute.get(1).asInt();
            rows.subMap(index, index + execute.get(2).asInt()).clear();
        } else if (script.contains("$connector.updateSize(") && execute.size() >= 3) {
            rows.tailMap(execute.get(1).asInt()).clear();
        }
    }

    private String notificationText(Element notification) {
        Object text = notification.property("text");
        if (text != null && !text.toString().isEmpty()) {
            return text.toString();
        }
        return textOf(notification);
    }

    /** The text of an element and everything under it, as a person reads it. */
    public String textOf(Element element) {
        StringBuilder text = new StringBuilder();
        appendText(element, text, 0);
        return text.toString().strip();
    }

    private void appendText(Element element, StringBuilder text, int depth) {
        if (depth > 200) {
            return;
        }
        if (element.text != null) {
            text.append(element.text);
        }
        for (int child : element.allChildren()) {
            Element found = elements.get(child);
            if (found != null) {
                appendText(found, text, depth + 1);
            }
        }
    }

    /** Every text on the attached elements, for messages and failure reports. */
    public List<String> texts() {
        return elements.values().stream().filter(element -> element.attached && element.text != null)
                .map(element -> element.text).toList();
    }

    public boolean shows(String text) {
        return texts().stream().anyMatch(shown -> shown.contains(text))
                || notifications.stream().anyMatch(shown -> shown.contains(text))
                || elements.values().stream().filter(element -> element.attached)
                .anyMatch(element -> text.equals(element.property("errorMessage")));
    }

    /** The notifications the last request opened. */
    public List<String> notifications() {
        return List.copyOf(notifications);
    }

    /** The error message a field shows, or null. */
    public String errorOf(Element field) {
        Object message = field.property("errorMessage");
        return Boolean.TRUE.equals(field.booleanProperty("invalid")) && message != null ? message.toString() : null;
    }

    public int lastStatus() {
        return lastStatus;
    }

    /** A header of the last answer, or "" when it had none. */
    public String lastHeader(String name) {
        return lastHeaders == null ? "" : lastHeaders.firstValue(name).orElse("");
    }

    /** Whether the server answered that this UI's session is gone (the page would reload to sign-in). */
    public boolean sessionExpired() {
        return sessionExpired;
    }

    public String redirectedTo() {
        return redirectedTo;
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("Not JSON: " + json, e);
        }
    }

    /** One element of the UI as the server described it. */
    public static final class Element {

        private final int id;
        private String tag;
        private String text;
        private boolean attached;
        private final Map<String, JsonNode> properties = new LinkedHashMap<>();
        private final Map<String, JsonNode> attributes = new LinkedHashMap<>();
        private final List<Integer> children = new ArrayList<>();
        private final List<Integer> virtualChildren = new ArrayList<>();

        private Element(int id) {
            this.id = id;
        }

        public int id() {
            return id;
        }

        public String tag() {
            return tag;
        }

        public Object property(String name) {
            JsonNode value = properties.get(name);
            return value == null || value.isNull() ? null : value.isTextual() ? value.asText() : value.toString();
        }

        public Boolean booleanProperty(String name) {
            JsonNode value = properties.get(name);
            return value == null || !value.isBoolean() ? null : value.asBoolean();
        }

        public String attribute(String name) {
            JsonNode value = attributes.get(name);
            return value == null ? null : value.asText();
        }

        private List<Integer> allChildren() {
            List<Integer> all = new ArrayList<>(children);
            all.addAll(virtualChildren);
            JsonNode virtualIds = properties.get("virtualChildNodeIds");
            if (virtualIds != null && virtualIds.isArray()) {
                virtualIds.forEach(id -> all.add(id.asInt()));
            }
            return all;
        }

        private void put(int feature, String key, JsonNode value) {
            switch (feature) {
                case 0 -> {
                    if ("tag".equals(key)) {
                        tag = value.asText();
                    }
                }
                case 1 -> properties.put(key, value);
                case 3 -> attributes.put(key, value);
                case 7 -> {
                    if ("text".equals(key)) {
                        text = value.asText();
                    }
                }
                default -> {
                }
            }
        }

        private void splice(JsonNode change) {
            int feature = change.path("feat").asInt();
            List<Integer> list = feature == 2 ? children : feature == 24 ? virtualChildren : null;
            if (list == null) {
                return;
            }
            int index = change.path("index").asInt();
            int remove = change.path("remove").asInt(0);
            for (int i = 0; i < remove && index < list.size(); i++) {
                list.remove(index);
            }
            List<Integer> added = new ArrayList<>();
            change.path("addNodes").forEach(node -> added.add(node.asInt()));
            list.addAll(Math.min(index, list.size()), added);
        }

        @Override
        public String toString() {
            return tag + "#" + id;
        }
    }
}
