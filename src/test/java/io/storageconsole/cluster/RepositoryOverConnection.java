package io.storageconsole.cluster;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Proxy;
import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One of the console's Spring Data repositories over a connection the test holds (its transaction
 * the test's to commit): each {@code @Modifying @Query} method runs its own SQL with its parameters
 * bound by name, each default method runs as written. So a race test runs the console's statements
 * in the console's order, without a Spring context on the database node. Nothing else is supported.
 */
final class RepositoryOverConnection {

    private RepositoryOverConnection() {
    }

    static <T> T of(Class<T> repository, JdbcClient jdbc) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            Query query = method.getAnnotation(Query.class);
            if (query == null || method.getAnnotation(Modifying.class) == null || method.getReturnType() != int.class) {
                throw new UnsupportedOperationException(repository.getSimpleName() + "." + method.getName() + " is no modifying query");
            }
            JdbcClient.StatementSpec statement = jdbc.sql(query.value());
            Parameter[] parameters = method.getParameters();
            for (int i = 0; i < parameters.length; i++) {
                if (!parameters[i].isNamePresent()) {
                    throw new IllegalStateException("Compile with -parameters: " + method);
                }
                statement = statement.param(parameters[i].getName(), args[i] instanceof Instant at ? Timestamp.from(at) : args[i]);
            }
            return statement.update();
        };
        return repository.cast(Proxy.newProxyInstance(repository.getClassLoader(), new Class<?>[] {repository}, handler));
    }

    /** One of the console's own JdbcClient repositories over the same connection (their constructors are the package's). */
    static <T> T constructed(Class<T> type, JdbcClient jdbc) throws ReflectiveOperationException {
        Constructor<T> constructor = type.getDeclaredConstructor(JdbcClient.class);
        constructor.setAccessible(true);
        return constructor.newInstance(jdbc);
    }
}
