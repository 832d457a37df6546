package io.storageconsole.base.ui.component;

import com.vaadin.flow.component.AbstractSinglePropertyField;
import com.vaadin.flow.component.HasLabel;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.Uses;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.function.SerializableFunction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Vaadin's select web component with a few fixed choices of an enum and "all of them" first, drawn
 * by the browser from one list. Vaadin's {@link Select} makes a server component and a text node
 * per choice, which every open view keeps (ten state nodes for four choices, about 11 KB a view,
 * BENCHMARKS.md); this is one. Same element, so the same look, label and keyboard.
 *
 * @param <T> the choices; the empty value (null) is "all"
 */
@Tag("vaadin-select")
@Uses(Select.class)
public class ChoiceSelect<T extends Enum<T>> extends AbstractSinglePropertyField<ChoiceSelect<T>, T> implements HasLabel, HasSize {

    /** The browser's value of "all": the web component shows no choice for an empty value. */
    private static final String ALL = "-";

    public ChoiceSelect(String label, Class<T> type, String allCaption, SerializableFunction<T, String> captions) {
        super("value", null, String.class, value -> value == null || value.isEmpty() || ALL.equals(value)
                ? null : Enum.valueOf(type, value), choice -> choice == null ? ALL : choice.name());
        setLabel(label);
        List<Map<String, String>> items = new ArrayList<>();
        items.add(item(allCaption, ALL));
        for (T choice : type.getEnumConstants()) {
            items.add(item(captions.apply(choice), choice.name()));
        }
        getElement().setPropertyList("items", items);
        getElement().setProperty("value", ALL);
    }

    private static Map<String, String> item(String caption, String value) {
        Map<String, String> item = new LinkedHashMap<>();
        item.put("label", caption);
        item.put("value", value);
        return item;
    }
}
