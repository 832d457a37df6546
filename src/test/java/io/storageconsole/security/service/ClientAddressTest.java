package io.storageconsole.security.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientAddressTest {

    @Test
    void an_ipv4_address_is_its_own_key_and_an_ipv4_mapped_ipv6_address_is_the_same_one() {
        assertThat(ClientAddress.of("192.0.2.17")).isEqualTo(new ClientAddress("192.0.2.17", "192.0.2.17"));
        assertThat(ClientAddress.of("::ffff:192.0.2.17")).isEqualTo(ClientAddress.of("192.0.2.17"));
    }

    @Test
    void ipv6_addresses_are_written_one_way_and_counted_by_their_64() {
        ClientAddress one = ClientAddress.of("2001:DB8:7:8::1%eth0");
        ClientAddress other = ClientAddress.of("2001:0db8:0007:0008:ffff:ffff:ffff:fffe");

        assertThat(one.text()).isEqualTo("2001:db8:7:8:0:0:0:1");
        assertThat(one.limitKey()).isEqualTo("2001:db8:7:8::/64").isEqualTo(other.limitKey());
        assertThat(ClientAddress.of("2001:db8:7:9::1").limitKey()).isNotEqualTo(one.limitKey());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "unknown", "999.1.1.1", "1.2.3", "dead.beef", "localhost", "192.0.2.1, 10.0.0.1",
            "<script>alert(1)</script>", "2001:db8::1\r\nX-Injected: yes",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void text_that_is_no_address_counts_as_one_unreadable_address_and_is_never_repeated(String raw) {
        assertThat(ClientAddress.of(raw)).isEqualTo(ClientAddress.UNREADABLE);
    }

    @Test
    void no_address_at_all_is_unreadable() {
        assertThat(ClientAddress.of(null)).isEqualTo(ClientAddress.UNREADABLE);
    }
}
