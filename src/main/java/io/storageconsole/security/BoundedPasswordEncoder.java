package io.storageconsole.security;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Lets only as many password hashes run at once as there are processors. Argon2id is made to take
 * one core and 16 MB for tens of milliseconds; a burst of sign-ins hashing all at once would starve
 * every other request (and the database transactions they hold) of CPU. Waiting hashes queue here,
 * fairly, but only for {@code longestWait}: then the request is refused as busy
 * ({@link PasswordCheckBusyException}), so a flood cannot park every server thread in this queue
 * and the rest of the console keeps answering (BENCHMARKS.md, load).
 */
final class BoundedPasswordEncoder implements PasswordEncoder {

    private final PasswordEncoder delegate;
    private final Semaphore hashing;
    private final long longestWaitNanos;

    BoundedPasswordEncoder(PasswordEncoder delegate, int concurrentHashes, Duration longestWait) {
        this.delegate = delegate;
        this.hashing = new Semaphore(concurrentHashes, true);
        this.longestWaitNanos = longestWait.toNanos();
    }

    @Override
    public String encode(CharSequence rawPassword) {
        return withPermit(() -> delegate.encode(rawPassword));
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        return withPermit(() -> delegate.matches(rawPassword, encodedPassword));
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return delegate.upgradeEncoding(encodedPassword);
    }

    private <T> T withPermit(Supplier<T> hash) {
        boolean acquired;
        try {
            acquired = hashing.tryAcquire(longestWaitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PasswordCheckBusyException();
        }
        if (!acquired) {
            throw new PasswordCheckBusyException();
        }
        try {
            return hash.get();
        } finally {
            hashing.release();
        }
    }
}
