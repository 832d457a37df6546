package io.storageconsole.base.ui.component;

import com.vaadin.flow.component.HasValidation;
import io.storageconsole.base.service.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Shows a service's field messages next to the fields of a form, and clears them again. */
public final class FormErrors {

    private final Map<String, HasValidation> fields = new LinkedHashMap<>();

    public FormErrors field(String name, HasValidation field) {
        fields.put(name, field);
        return this;
    }

    public void clear() {
        fields.values().forEach(field -> {
            field.setInvalid(false);
            field.setErrorMessage(null);
        });
    }

    /** Marks every field the exception names; returns false if it named a field this form lacks. */
    public boolean show(InvalidInputException exception) {
        clear();
        boolean allShown = true;
        for (Map.Entry<String, String> error : exception.fieldErrors().entrySet()) {
            HasValidation field = fields.get(error.getKey());
            if (field == null) {
                allShown = false;
                continue;
            }
            field.setErrorMessage(error.getValue());
            field.setInvalid(true);
        }
        return allShown;
    }
}
