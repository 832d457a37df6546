package io.storageconsole.mfa.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.storageconsole.security.SignInStage;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.IntegrationTest;
import io.storageconsole.testing.TestAccounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Base64;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Migration V042 binds secrets stored before it to their accounts, and sign-in with them goes on working. */
class TotpSecretBindingTest extends IntegrationTest {

    @Autowired
    private TotpSecretBinding binding;

    @Autowired
    private SecondFactorService secondFactor;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private JdbcClient jdbc;

    @Value("${console.data-dir}")
    private Path dataDir;

    @Test
    void a_secret_stored_unbound_before_the_migration_signs_in_after_it()
            throws Exception {
        SignedInAccount root = testAccounts.newOrganization();
        String secret = testAccounts.enrolMfa(root, clock.instant()).secret();
        String keySpec = Files.readString(dataDir.resolve(MfaKeys.KEY_FILE)).strip();
        String keyId = keySpec.substring(0, keySpec.indexOf(':'));
        byte[] key = Base64.getDecoder().decode(keySpec.substring(keyId.length() + 1));
        String unbound = SecretCipherTest.unboundCiphertext(keyId, key, secret);
        jdbc.sql("UPDATE mfa_credential SET encrypted_secret = ? WHERE account_id = ?").params(unbound, root.accountId()).update();

        try (Connection connection = dataSource.getConnection()) {
            assertThat(binding.rebind(connection)).as("only the unbound secret").isEqualTo(1);
        }

        String bound = jdbc.sql("SELECT encrypted_secret FROM mfa_credential WHERE account_id = ?")
                .param(root.accountId()).query(String.class).single();
        assertThat(bound).isNotEqualTo(unbound).startsWith(keyId + ":");
        clock.advance(Duration.ofSeconds(30));
        TestAccounts.signIn(testAccounts.atStage(root, SignInStage.MFA_CHALLENGE));
        assertThat(secondFactor.signInWithCode(TotpCodes.codeAt(secret, clock.instant())).isComplete()).isTrue();
    }
}
