package io.storageconsole.security;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Lets only as many password hashes run at once as there are processors. Argon2id is made to take
 * one core and 16 MB for tens of milliseconds; a burst of sign-ins hashing all at once would starve
 * every other request (and the database transactions they hold) of CPU. Hashes that find every
 * processor taken queue here, fairly, but the queue has a length: a hash that finds
 * {@code mostWaiting} already waiting is refused as busy at once ({@link PasswordCheckBusyException}),
 * so a flood holds at most that many server threads and the rest of the console keeps answering.
 * One admitted waits for its turn, however long the burst, up to {@code longestWait}: a backstop for
 * a machine so slow that the queue does not drain (decision 0041).
 */
final class BoundedPasswordEncoder implements PasswordEncoder {

    private final PasswordEncoder delegate;
    private final Semaphore hashing;
    private final int mostWaiting;
    private final AtomicInteger waiting = new AtomicInteger();
    private final long longestWaitNanos;

    BoundedPasswordEncoder(PasswordEncoder delegate, int concurrentHashes, int mostWaiting, Duration longestWait) {
        this.delegate = delegate;
        this.hashing = new Semaphore(concurrentHashes, true);
        this.mostWaiting = mostWaiting;
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
        try {
            // A timed try honours the fair order: a free processor is taken at once only if nobody waits for one.
            if (!hashing.tryAcquire(0, TimeUnit.NANOSECONDS) && !waitInLine()) {
                throw new PasswordCheckBusyException();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PasswordCheckBusyException();
        }
        try {
            return hash.get();
        } finally {
            hashing.release();
        }
    }

    /** Takes a place in the queue if one is free and waits there for a processor; false when refused. */
    private boolean waitInLine() throws InterruptedException {
        if (waiting.getAndIncrement() >= mostWaiting) {
            waiting.decrementAndGet();
            return false;
        }
        try {
            return hashing.tryAcquire(longestWaitNanos, TimeUnit.NANOSECONDS);
        } finally {
            waiting.decrementAndGet();
        }
    }
}
