package io.storageconsole.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Base64;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Argon2id with Spring Security's v5.8 parameters and stored form ({@code $argon2id$v=19$m=16384,t=2,p=1$salt$hash}),
 * hashes of either encoder verify with the other, but each check fills one of {@code pools} sets of
 * block memory kept for the life of the encoder instead of 16 MB of new arrays. Those arrays, made
 * per check, were what the console's young collections copied while a check was under way
 * (decision 0040). A check takes a whole set, so two checks never share a block; BouncyCastle zeroes
 * every block before it goes back into its set, so no password-derived memory lingers between checks.
 */
public final class PooledArgon2PasswordEncoder implements PasswordEncoder {

    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;
    static final int PARALLELISM = 1;
    static final int MEMORY_KB = 1 << 14;
    static final int ITERATIONS = 2;
    /** The blocks of one check: its memory (one per KB) and the four working blocks of BouncyCastle's filling. */
    static final int BLOCKS_PER_CHECK = MEMORY_KB + 4;
    private static final String PREFIX = "$argon2id$v=19$";
    private static final Logger log = LoggerFactory.getLogger(PooledArgon2PasswordEncoder.class);

    private final SecureRandom random = new SecureRandom();
    private final BlockingQueue<BlockSet> sets;

    /** @param pools how many checks at once find memory ready: the permits of {@link BoundedPasswordEncoder} */
    public PooledArgon2PasswordEncoder(int pools) {
        this.sets = new ArrayBlockingQueue<>(pools);
        for (int i = 0; i < pools; i++) {
            sets.add(new BlockSet());
        }
    }

    @Override
    public String encode(CharSequence rawPassword) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        Argon2Parameters.Builder parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withSalt(salt)
                .withParallelism(PARALLELISM).withMemoryAsKB(MEMORY_KB).withIterations(ITERATIONS);
        byte[] hash = hash(rawPassword, parameters, HASH_BYTES);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "m=" + MEMORY_KB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$"
                + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        if (encodedPassword == null) {
            return false;
        }
        StoredHash stored;
        try {
            stored = StoredHash.parse(encodedPassword);
        } catch (IllegalArgumentException e) {
            log.warn("Malformed Argon2 hash: {}", e.getMessage());
            return false;
        }
        return MessageDigest.isEqual(stored.hash(), hash(rawPassword, stored.parameters(), stored.hash().length));
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        if (encodedPassword == null || encodedPassword.isEmpty()) {
            return false;
        }
        Argon2Parameters stored = StoredHash.parse(encodedPassword).parameters().build();
        return stored.getMemory() < MEMORY_KB || stored.getIterations() < ITERATIONS;
    }

    private byte[] hash(CharSequence rawPassword, Argon2Parameters.Builder parameters, int length) {
        // Never more sets than permits; a check beyond them (none through BoundedPasswordEncoder) gets memory of its own.
        BlockSet set = sets.poll();
        BlockSet used = set != null ? set : new BlockSet();
        byte[] password = rawPassword.toString().getBytes(StandardCharsets.UTF_8);
        try {
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(parameters.withBlockPool(used).build());
            byte[] hash = new byte[length];
            generator.generateBytes(password, hash);
            return hash;
        } finally {
            Arrays.fill(password, (byte) 0);
            if (set != null) {
                // A check that failed while filling kept blocks out: its set is dropped (as Spring's would be), not reused half-taken.
                sets.add(set.idle() ? set : new BlockSet());
            }
        }
    }

    /** The sets no check holds now (tests: what a check leaves behind). */
    List<BlockSet> idleSets() {
        return List.copyOf(sets);
    }

    /**
     * The memory of one check at a time: blocks taken while it fills, given back (zeroed by the
     * generator) when it ends. Used by one thread at once, so it needs no lock.
     */
    static final class BlockSet implements Argon2BytesGenerator.BlockPool {

        private final Argon2BytesGenerator.Block[] blocks = new Argon2BytesGenerator.Block[BLOCKS_PER_CHECK];
        private int taken;

        @Override
        public Argon2BytesGenerator.Block allocate() {
            if (taken == blocks.length) {
                return new Argon2BytesGenerator.Block();
            }
            if (blocks[taken] == null) {
                blocks[taken] = new Argon2BytesGenerator.Block();
            }
            return blocks[taken++];
        }

        @Override
        public void deallocate(Argon2BytesGenerator.Block block) {
            if (taken > 0) {
                blocks[--taken] = block;
            }
        }

        /** Whether every block taken was given back (zeroed): what a finished check leaves. */
        boolean idle() {
            return taken == 0;
        }

        List<Argon2BytesGenerator.Block> blocks() {
            return Arrays.stream(blocks).filter(java.util.Objects::nonNull).toList();
        }
    }

    /** Spring Security's stored form of an Argon2 hash, read as its {@code Argon2EncodingUtils} reads it. */
    private record StoredHash(Argon2Parameters.Builder parameters, byte[] hash) {

        static StoredHash parse(String encoded) {
            String[] parts = encoded.split("\\$");
            if (parts.length < 4) {
                throw new IllegalArgumentException("Invalid encoded Argon2-hash");
            }
            int part = 1;
            Argon2Parameters.Builder parameters = new Argon2Parameters.Builder(switch (parts[part++]) {
                case "argon2d" -> Argon2Parameters.ARGON2_d;
                case "argon2i" -> Argon2Parameters.ARGON2_i;
                case "argon2id" -> Argon2Parameters.ARGON2_id;
                default -> throw new IllegalArgumentException("Invalid algorithm type: " + parts[1]);
            });
            if (parts[part].startsWith("v=")) {
                parameters.withVersion(Integer.parseInt(parts[part].substring(2)));
                part++;
            }
            String[] performance = parts[part++].split(",");
            if (performance.length != 3 || !performance[0].startsWith("m=") || !performance[1].startsWith("t=")
                    || !performance[2].startsWith("p=")) {
                throw new IllegalArgumentException("Amount of performance parameters invalid");
            }
            parameters.withMemoryAsKB(Integer.parseInt(performance[0].substring(2)))
                    .withIterations(Integer.parseInt(performance[1].substring(2)))
                    .withParallelism(Integer.parseInt(performance[2].substring(2)));
            if (parts.length != part + 2) {
                throw new IllegalArgumentException("Invalid encoded Argon2-hash");
            }
            Base64.Decoder b64 = Base64.getDecoder();
            parameters.withSalt(b64.decode(parts[part]));
            return new StoredHash(parameters, b64.decode(parts[part + 1]));
        }
    }
}
