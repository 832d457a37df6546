package io.storageconsole.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

class PooledArgon2PasswordEncoderTest {

    private static final String PASSWORD = "Correct-Horse-2026!";

    @Test
    void hashes_of_spring_securitys_argon2_encoder_and_of_this_one_verify_with_either_and_a_wrong_password_fails() {
        PooledArgon2PasswordEncoder pooled = new PooledArgon2PasswordEncoder(1);
        Argon2PasswordEncoder spring = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
        String ours = pooled.encode(PASSWORD);
        String theirs = spring.encode(PASSWORD);

        assertThat(ours).startsWith("$argon2id$v=19$m=16384,t=2,p=1$");
        assertThat(pooled.matches(PASSWORD, theirs)).isTrue();
        assertThat(spring.matches(PASSWORD, ours)).isTrue();
        assertThat(pooled.matches(PASSWORD, ours)).isTrue();
        assertThat(pooled.matches("Correct-Horse-2026?", theirs)).isFalse();
        assertThat(pooled.matches("Correct-Horse-2026?", ours)).isFalse();
        assertThat(pooled.matches(PASSWORD, "$argon2id$v=19$m=16384$broken")).isFalse();
        assertThat(pooled.upgradeEncoding(ours)).isFalse();
        assertThat(pooled.upgradeEncoding(Argon2PasswordEncoder.defaultsForSpringSecurity_v5_2().encode(PASSWORD))).isTrue();
    }

    @Test
    void a_check_leaves_its_block_memory_zeroed_and_the_next_check_fills_the_same_blocks() throws Exception {
        PooledArgon2PasswordEncoder pooled = new PooledArgon2PasswordEncoder(1);
        String hash = pooled.encode(PASSWORD);
        assertThat(pooled.matches(PASSWORD, hash)).isTrue();
        List<Argon2BytesGenerator.Block> afterFirst = onlySet(pooled).blocks();

        assertThat(pooled.matches("a wrong one", hash)).isFalse();
        List<Argon2BytesGenerator.Block> afterSecond = onlySet(pooled).blocks();

        assertThat(afterFirst).hasSize(PooledArgon2PasswordEncoder.BLOCKS_PER_CHECK);
        assertThat(identities(afterSecond)).isEqualTo(identities(afterFirst));
        Field words = Argon2BytesGenerator.Block.class.getDeclaredField("v");
        words.setAccessible(true);
        assertThat(afterSecond).allSatisfy(block -> assertThat(Arrays.stream((long[]) words.get(block)).allMatch(word -> word == 0))
                .as("every word of every block is zero between checks").isTrue());
    }

    @Test
    void checks_running_at_once_each_get_the_right_answer_so_they_never_share_memory() throws Exception {
        int threads = 4;
        PooledArgon2PasswordEncoder pooled = new PooledArgon2PasswordEncoder(threads);
        String hash = pooled.encode(PASSWORD);
        ExecutorService workers = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> rightAnswers = new ArrayList<>();
            for (int i = 0; i < threads * 3; i++) {
                boolean right = i % 2 == 0;
                rightAnswers.add(workers.submit(() -> {
                    start.await();
                    return pooled.matches(right ? PASSWORD : PASSWORD + "x", hash) == right;
                }));
            }
            start.countDown();
            for (Future<Boolean> answer : rightAnswers) {
                assertThat(answer.get(2, TimeUnit.MINUTES)).isTrue();
            }
            assertThat(pooled.idleSets()).hasSize(threads);
        } finally {
            workers.shutdownNow();
        }
    }

    private static PooledArgon2PasswordEncoder.BlockSet onlySet(PooledArgon2PasswordEncoder pooled) {
        assertThat(pooled.idleSets()).hasSize(1);
        return pooled.idleSets().get(0);
    }

    private static Set<Argon2BytesGenerator.Block> identities(List<Argon2BytesGenerator.Block> blocks) {
        Set<Argon2BytesGenerator.Block> identities = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        identities.addAll(blocks);
        return identities;
    }
}
