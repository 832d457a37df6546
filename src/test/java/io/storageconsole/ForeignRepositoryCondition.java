package io.storageconsole;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.springframework.data.repository.Repository;

/** Fails a class that uses a repository of another feature: features talk through services. */
class ForeignRepositoryCondition extends ArchCondition<JavaClass> {

    ForeignRepositoryCondition() {
        super("use only the repositories of their own feature");
    }

    @Override
    public void check(JavaClass item, ConditionEvents events) {
        for (Dependency dependency : item.getDirectDependenciesFromSelf()) {
            JavaClass target = dependency.getTargetClass();
            if (target.isAssignableTo(Repository.class) && !feature(target).equals(feature(item))) {
                events.add(SimpleConditionEvent.violated(item, dependency.getDescription()));
            }
        }
    }

    private static String feature(JavaClass javaClass) {
        String[] parts = javaClass.getPackageName().split("\\.");
        return parts.length > 2 ? parts[2] : "";
    }
}
