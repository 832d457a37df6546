package io.storageconsole.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a browser's Vaadin client keeps of one UI, rebuilt from Vaadin Flow's own JSON over HTTP:
 * the UI id, the CSRF token (Vaadin-Security-Key), the sync and client ids, and the element tree
 * (tags, properties, texts, children, listened events). Makes the request bodies the client would
 * send: navigate, set a field's value, click, call a {@code @ClientCallable} such as the grid's
 * {@code setViewportRange}. Used by the sign-in benchmark and the Gatling simulation, which need
 * a Vaadin UI driven over HTTP without a browser. Unlike {@link VaadinHttpUi} (the security tests'
 * client, which sends its own requests), it only makes request bodies and reads answers, so that
 * Gatling can send them and time them. Not thread-safe: one per simulated browser tab.
 */
public final class Uidl {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UIDL_PREFIX = "for(;;);";
    // Page.setLocation: "window.dispatchEvent(new CustomEvent('vaadin-redirect-pending' …); window.open($0, $1)"
    private static final Pattern LOCATION = Pattern.compile("vaadin-redirect-pending|window\\.location");
    private static final String CONFIRM = "$connector.confirm(";

    private int uiId;
    private String csrfToken;
    private int syncId;
    private int clientId;
    private final Map<Integer, Node> nodes = new HashMap<>();
    private final Map<String, JsonNode> constants = new HashMap<>();
    private final List<Integer> confirmations = new ArrayList<>();
    private boolean locationChanged;
    private String lastResponse = "";

    private static final class Node {
        String tag;
        final Map<String, Object> properties = new HashMap<>();
        final Map<String, String> listeners = new HashMap<>();
        final List<Integer> children = new ArrayList<>();
        String text;
    }

    /** The query of the init request that a page's client makes first. */
    public static String initPath(String route) {
        return "/?v-r=init&location=" + route + "&query=";
    }

    /** The URL path of UIDL requests to this UI. */
    public String uidlPath() {
        return "/?v-r=uidl&v-uiId=" + uiId;
    }

    /** Reads the answer to {@code ?v-r=init}: a new UI. */
    public void applyInit(String body) {
        nodes.clear();
        constants.clear();
        confirmations.clear();
        locationChanged = false;
        JsonNode config = read(body).path("appConfig");
        uiId = config.path("v-uiId").asInt();
        JsonNode uidl = config.path("uidl");
        csrfToken = uidl.path("Vaadin-Security-Key").asText();
        clientId = 0;
        apply(uidl);
    }

    /** Reads the answer to a UIDL request; throws when the server asked for a resync or reported an error. */
    public void applyResponse(String body) {
        lastResponse = body;
        if (!body.startsWith(UIDL_PREFIX)) {
            throw new IllegalStateException("Not a UIDL response: " + abbreviate(body));
        }
        JsonNode response = read(body.substring(UIDL_PREFIX.length()));
        JsonNode message = response.isArray() ? response.get(0) : response;
        if (message.path("meta").path("appError").isObject() || message.path("meta").has("sessionExpired")
                || message.has("resynchronize")) {
            throw new IllegalStateException("The server refused the UIDL request: " + abbreviate(body));
        }
        apply(message);
    }

    private void apply(JsonNode message) {
        if (message.has("syncId")) {
            syncId = message.get("syncId").asInt();
        }
        if (message.has("clientId")) {
            clientId = message.get("clientId").asInt();
        }
        message.path("constants").fields().forEachRemaining(entry -> constants.put(entry.getKey(), entry.getValue()));
        for (JsonNode change : message.path("changes")) {
            int id = change.path("node").asInt();
            String type = change.path("type").asText();
            if ("detach".equals(type)) {
                nodes.remove(id);
                continue;
            }
            Node node = nodes.computeIfAbsent(id, key -> new Node());
            int feature = change.path("feat").asInt(-1);
            switch (type) {
                case "put" -> put(node, feature, change.path("key").asText(), change.get("value"));
                case "splice" -> splice(node, feature, change);
                case "clear" -> {
                    if (feature == 2) {
                        node.children.clear();
                    }
                }
                default -> {
                }
            }
        }
        for (JsonNode command : message.path("execute")) {
            String script = command.get(command.size() - 1).asText();
            if (LOCATION.matcher(script).find()) {
                locationChanged = true;
            }
            // [grid, updateId, "return $0.$connector.confirm($1)"]
            if (script.contains(CONFIRM) && command.size() >= 2) {
                confirmations.add(command.get(command.size() - 2).asInt());
            }
        }
    }

    private static void put(Node node, int feature, String key, JsonNode value) {
        switch (feature) {
            case 0 -> {
                if ("tag".equals(key)) {
                    node.tag = value.asText();
                }
            }
            case 1 -> node.properties.put(key, value == null || value.isNull() ? null : value.isTextual() ? value.asText() : value.toString());
            case 4 -> node.listeners.put(key, value.asText());
            case 7 -> node.text = value.asText();
            default -> {
            }
        }
    }

    private static void splice(Node node, int feature, JsonNode change) {
        if (feature != 2) {
            return;
        }
        int index = change.path("index").asInt();
        int remove = change.path("remove").asInt(0);
        for (int i = 0; i < remove && index < node.children.size(); i++) {
            node.children.remove(index);
        }
        List<Integer> added = new ArrayList<>();
        change.path("addNodes").forEach(id -> added.add(id.asInt()));
        node.children.addAll(Math.min(index, node.children.size()), added);
    }

    /** The node of an element with this tag whose label, text or an attribute-like property is {@code text}. */
    public int find(String tag, String text) {
        for (Map.Entry<Integer, Node> entry : nodes.entrySet()) {
            Node node = entry.getValue();
            if (tag.equals(node.tag) && (text.equals(node.properties.get("label")) || text.equals(textOf(node)))) {
                return entry.getKey();
            }
        }
        throw new IllegalStateException("No <" + tag + "> \"" + text + "\" in the UI; tags present: "
                + nodes.values().stream().map(node -> node.tag).filter(java.util.Objects::nonNull).distinct().sorted().toList());
    }

    /** Whether an element with this tag is in the UI. */
    public boolean has(String tag) {
        return nodes.values().stream().anyMatch(node -> tag.equals(node.tag));
    }

    public int first(String tag) {
        return nodes.entrySet().stream().filter(entry -> tag.equals(entry.getValue().tag)).map(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> new IllegalStateException("No <" + tag + "> in the UI"));
    }

    private String textOf(Node node) {
        StringBuilder text = new StringBuilder();
        for (int child : node.children) {
            Node childNode = nodes.get(child);
            if (childNode != null && childNode.text != null) {
                text.append(childNode.text);
            }
        }
        return text.toString().strip();
    }

    /** Whether a response since {@link #applyInit} told the browser to load another page. */
    public boolean locationChanged() {
        return locationChanged;
    }

    /** The last UIDL answer, for messages when something went wrong. */
    public String lastResponse() {
        return lastResponse;
    }

    /** The client-side navigation to {@code route} that the router sends after init. */
    public String navigate(String route) {
        ObjectNode data = JSON.createObjectNode().put("route", route).put("query", "").put("appShellTitle", "").put("trigger", "");
        data.set("historyState", JSON.createObjectNode().put("idx", 0));
        return request(event(1, "ui-navigate", data));
    }

    /** Types {@code value} into a field and leaves it (the value is synchronised on "change"). */
    public String setValue(int node, String value) {
        ObjectNode sync = JSON.createObjectNode().put("type", "mSync").put("node", node).put("feature", 1)
                .put("property", "value").put("value", value);
        return request(sync, event(node, "change", JSON.createObjectNode()));
    }

    /** Types {@code value} into a field and clicks {@code button}, in one request as the browser would send them. */
    public String setValueAndClick(int field, String value, int button) {
        ObjectNode sync = JSON.createObjectNode().put("type", "mSync").put("node", field).put("feature", 1)
                .put("property", "value").put("value", value);
        return request(sync, event(field, "change", JSON.createObjectNode()), click(button));
    }

    /** Clicks {@code node} (a button). */
    public String press(int node) {
        return request(click(node));
    }

    /** Calls a server method of a component, such as the grid's {@code setViewportRange(start, length)}. */
    public String call(int node, String method, Object... arguments) {
        ObjectNode call = JSON.createObjectNode().put("type", "publishedEventHandler").put("node", node)
                .put("templateEventMethodName", method);
        call.set("templateEventMethodArgs", JSON.valueToTree(arguments));
        call.put("promise", 0);
        return request(call);
    }

    public boolean hasPendingConfirmations() {
        return !confirmations.isEmpty();
    }

    /** Confirms the data updates the grid was sent, as its connector does; null when there is none. */
    public String confirmUpdates(int grid) {
        if (confirmations.isEmpty()) {
            return null;
        }
        ObjectNode[] calls = confirmations.stream().map(id -> {
            ObjectNode call = JSON.createObjectNode().put("type", "publishedEventHandler").put("node", grid)
                    .put("templateEventMethodName", "confirmUpdate");
            call.set("templateEventMethodArgs", JSON.createArrayNode().add(id));
            return call.put("promise", 0);
        }).toArray(ObjectNode[]::new);
        confirmations.clear();
        return request(calls);
    }

    private ObjectNode click(int node) {
        ObjectNode data = JSON.createObjectNode();
        String listener = nodes.get(node).listeners.get("click");
        JsonNode expressions = listener == null ? null : constants.get(listener);
        if (expressions != null) {
            for (Iterator<String> keys = expressions.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (key.endsWith("Key")) {
                    data.put(key, false);
                } else {
                    data.put(key, key.equals("event.detail") ? 1 : 0);
                }
            }
        }
        return event(node, "click", data);
    }

    private static ObjectNode event(int node, String name, ObjectNode data) {
        ObjectNode event = JSON.createObjectNode().put("type", "event").put("node", node).put("event", name);
        event.set("data", data);
        return event;
    }

    private String request(ObjectNode... invocations) {
        ObjectNode body = JSON.createObjectNode().put("csrfToken", csrfToken);
        ArrayNode rpc = body.putArray("rpc");
        for (ObjectNode invocation : invocations) {
            rpc.add(invocation);
        }
        body.put("syncId", syncId).put("clientId", clientId);
        return body.toString();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("Not JSON: " + abbreviate(json), e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }
}
