package io.storageconsole.security;

import java.util.concurrent.Semaphore;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Lets only as many password hashes run at once as there are processors. Argon2id is made to take
 * one core and 16 MB for tens of milliseconds; a burst of sign-ins hashing all at once would starve
 * every other request (and the database transactions they hold) of CPU. Waiting sign-ins queue
 * here instead, fairly, and the rest of the console keeps answering (BENCHMARKS.md, load).
 */
final class BoundedPasswordEncoder implements PasswordEncoder {

    private final PasswordEncoder delegate;
    private final Semaphore hashing;

    BoundedPasswordEncoder(PasswordEncoder delegate, int concurrentHashes) {
        this.delegate = delegate;
        this.hashing = new Semaphore(concurrentHashes, true);
    }

    @Override
    public String encode(CharSequence rawPassword) {
        hashing.acquireUninterruptibly();
        try {
            return delegate.encode(rawPassword);
        } finally {
            hashing.release();
        }
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        hashing.acquireUninterruptibly();
        try {
            return delegate.matches(rawPassword, encodedPassword);
        } finally {
            hashing.release();
        }
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return delegate.upgradeEncoding(encodedPassword);
    }
}
