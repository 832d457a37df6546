package io.storageconsole.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Counts how often the application's real password encoder compares a password with a stored hash,
 * per hash: what an attack test means by "evaluated". The encoding and the comparison stay the
 * application's own; this only counts them.
 */
public final class PasswordChecks implements BeanPostProcessor {

    private final Map<String, AtomicInteger> byHash = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof PasswordEncoder encoder && !(bean instanceof Counting)) {
            return new Counting(encoder);
        }
        return bean;
    }

    /** How many comparisons were made against this stored hash so far. */
    public int against(String storedHash) {
        AtomicInteger count = byHash.get(storedHash);
        return count == null ? 0 : count.get();
    }

    /** How many comparisons were made so far, against any hash. */
    public int total() {
        return total.get();
    }

    private final class Counting implements PasswordEncoder {

        private final PasswordEncoder delegate;

        private Counting(PasswordEncoder delegate) {
            this.delegate = delegate;
        }

        @Override
        public String encode(CharSequence rawPassword) {
            return delegate.encode(rawPassword);
        }

        @Override
        public boolean matches(CharSequence rawPassword, String encodedPassword) {
            // Counted once it ran: a check refused as busy (no processor came free in time) compared nothing.
            boolean matched = delegate.matches(rawPassword, encodedPassword);
            total.incrementAndGet();
            byHash.computeIfAbsent(String.valueOf(encodedPassword), hash -> new AtomicInteger()).incrementAndGet();
            return matched;
        }

        @Override
        public boolean upgradeEncoding(String encodedPassword) {
            return delegate.upgradeEncoding(encodedPassword);
        }
    }
}
