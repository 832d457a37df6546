package io.storageconsole.architecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.springframework.data.repository.Repository;

/**
 * Fails a class that uses a repository of another feature: features talk through services. A
 * repository is one of ours (under the root package) that is a Spring Data interface or a
 * {@code @Repository} class; Spring's own {@code Repository} interface belongs to no feature.
 */
class ForeignRepositoryCondition extends ArchCondition<JavaClass> {

    private final String root;

    /** @param root the package whose sub-packages are the features, such as "io.storageconsole" */
    ForeignRepositoryCondition(String root) {
        super("use only the repositories of their own feature");
        this.root = root;
    }

    @Override
    public void check(JavaClass item, ConditionEvents events) {
        for (Dependency dependency : item.getDirectDependenciesFromSelf()) {
            JavaClass target = dependency.getTargetClass();
            if (isOurRepository(target) && !feature(target).equals(feature(item))) {
                events.add(SimpleConditionEvent.violated(item, dependency.getDescription()));
            }
        }
    }

    private boolean isOurRepository(JavaClass javaClass) {
        return javaClass.getPackageName().startsWith(root + ".")
                && (javaClass.isAssignableTo(Repository.class)
                || javaClass.isAnnotatedWith(org.springframework.stereotype.Repository.class));
    }

    /** The first package below the root: "account" for io.storageconsole.account.domain. */
    private String feature(JavaClass javaClass) {
        String rest = javaClass.getPackageName().substring(Math.min(javaClass.getPackageName().length(), root.length() + 1));
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }
}
