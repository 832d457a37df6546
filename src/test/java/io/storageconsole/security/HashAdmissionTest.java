package io.storageconsole.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HashAdmissionTest {

    @Test
    void by_default_one_hash_per_processor_up_to_sixteen_and_the_default_queue_fits_tomcats_default_threads_on_any_host() {
        for (int processors : new int[] {1, 2, 8, 16, 32, 128, 512}) {
            HashAdmission admission = HashAdmission.of(processors, 0, 64, 200);

            assertThat(admission.concurrentHashes()).isEqualTo(Math.min(processors, 16));
            assertThat(admission.concurrentHashes() + admission.queue()).isLessThanOrEqualTo(100);
        }
    }

    @Test
    void configured_hashes_are_taken_as_they_are_when_they_fit() {
        assertThat(HashAdmission.of(2, 24, 64, 200)).isEqualTo(new HashAdmission(24, 64));
        assertThat(HashAdmission.of(64, 0, 200, 500)).isEqualTo(new HashAdmission(16, 200));
    }

    @Test
    void a_flood_that_could_hold_more_than_half_of_the_threads_stops_the_console_from_starting_and_says_what_to_change() {
        assertThatThrownBy(() -> HashAdmission.of(2, 0, 64, 100))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContainingAll("2 password hashes at once", "64 waiting", "100 threads",
                        "console.sign-in.concurrent-hashes", "console.sign-in.hash-queue", "server.tomcat.threads.max");
        assertThatThrownBy(() -> HashAdmission.of(2, 40, 64, 200)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> HashAdmission.of(2, 0, 99, 200)).isInstanceOf(IllegalStateException.class);
        assertThat(HashAdmission.of(2, 0, 98, 200)).isEqualTo(new HashAdmission(2, 98));
        assertThatThrownBy(() -> HashAdmission.of(2, 0, -1, 200)).isInstanceOf(IllegalStateException.class);
    }
}
