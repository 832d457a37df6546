package io.storageconsole.base.ui.component;

import com.vaadin.flow.component.HasHelper;
import com.vaadin.flow.component.HasValidation;
import io.storageconsole.base.service.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Shows a service's field messages next to the fields of a form, and clears them again. */
public final class FormErrors {

    private final Map<String, HasValidation> fields = new LinkedHashMap<>();
    /** Helper texts set aside while an error says the same words (the password policy, say). */
    private final Map<HasHelper, String> setAside = new LinkedHashMap<>();

    public FormErrors field(String name, HasValidation field) {
        fields.put(name, field);
        return this;
    }

    public void clear() {
        setAside.forEach(HasHelper::setHelperText);
        setAside.clear();
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
            // The same sentence twice under one field reads as noise: the error alone says it.
            if (field instanceof HasHelper helped && error.getValue().equals(helped.getHelperText())) {
                setAside.put(helped, helped.getHelperText());
                helped.setHelperText(null);
            }
        }
        return allShown;
    }
}
