package io.storageconsole.base.ui.component;

import com.vaadin.flow.component.Component;
import java.util.Optional;

/**
 * A line a feature shows at the top of every console page for the signed-in person, such as a
 * deadline they must meet; the frame shows it without depending on that feature. Implementations
 * are Spring beans.
 */
public interface FrameBanner {

    /** The banner for the signed-in person now, or empty when there is nothing to say. */
    Optional<Component> create();
}
