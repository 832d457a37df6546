package io.storageconsole.base.database;

import java.lang.reflect.Method;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.AnnotationTransactionAttributeSource;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.TransactionAttribute;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One mechanism for every transaction of the console, declared ({@code @Transactional}) or
 * programmatic ({@link TransactionTemplate}): the one that begins a transaction runs it again when
 * it lost a conflict (see {@link ConflictRetry}).
 */
@Configuration(proxyBeanMethods = false)
public class TransactionRetryConfiguration {

    /** Outside the transaction interceptor (lowest precedence), so that each run is a transaction of its own. */
    static final int ORDER = Ordered.LOWEST_PRECEDENCE - 1;

    @Bean
    TransactionTemplate transactionTemplate(PlatformTransactionManager transactions) {
        return new RetryingTransactionTemplate(transactions);
    }

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static DefaultPointcutAdvisor transactionRetryAdvisor() {
        ComposablePointcut transactional = new ComposablePointcut(new AnnotationMatchingPointcut(Transactional.class, true))
                .union(AnnotationMatchingPointcut.forMethodAnnotation(Transactional.class));
        DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(transactional, new RetryingInterceptor());
        advisor.setOrder(ORDER);
        return advisor;
    }

    /** Runs a {@code @Transactional} method again, with its transaction, when the transaction it began lost a conflict. */
    static final class RetryingInterceptor implements MethodInterceptor {

        private final AnnotationTransactionAttributeSource attributes = new AnnotationTransactionAttributeSource();

        @Override
        public Object invoke(MethodInvocation invocation) throws Throwable {
            Method method = invocation.getMethod();
            Class<?> target = invocation.getThis() == null ? method.getDeclaringClass() : invocation.getThis().getClass();
            TransactionAttribute attribute = attributes.getTransactionAttribute(method, target);
            if (attribute == null || !RetryingTransactionTemplate.beginsTransaction(attribute.getPropagationBehavior())
                    || !(invocation instanceof ProxyMethodInvocation proxied)) {
                return invocation.proceed();
            }
            String what = method.getDeclaringClass().getSimpleName() + "." + method.getName();
            try {
                return ConflictRetry.run(what, () -> {
                    try {
                        return proxied.invocableClone().proceed();
                    } catch (RuntimeException | Error e) {
                        throw e;
                    } catch (Throwable checked) {
                        throw new CheckedFailure(checked);
                    }
                });
            } catch (CheckedFailure wrapped) {
                throw wrapped.getCause();
            }
        }
    }

    /** Carries a checked exception of the method through the retry loop, unchanged. */
    private static final class CheckedFailure extends RuntimeException {

        CheckedFailure(Throwable cause) {
            super(cause);
        }
    }
}
