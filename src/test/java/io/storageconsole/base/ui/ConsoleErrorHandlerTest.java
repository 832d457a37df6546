package io.storageconsole.base.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.storageconsole.base.service.ConcurrentChangeException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.security.access.AccessDeniedException;

/** What a person reads when an action fails in a way its view did not handle: never the exception's text. */
class ConsoleErrorHandlerTest {

    @Test
    void a_refused_access_says_so_in_plain_words_without_the_exceptions_text() {
        String message = ConsoleErrorHandler.messageFor(new IllegalStateException("wrapped",
                new AccessDeniedException("Account 42 is not a sub-user of organization 7")));

        assertThat(message).isEqualTo(ConsoleErrorHandler.ACCESS_REFUSED).doesNotContain("42");
    }

    @Test
    void a_concurrent_change_shows_its_message_for_people_and_contention_asks_to_try_again() {
        assertThat(ConsoleErrorHandler.messageFor(new ConcurrentChangeException("Someone else changed this user.")))
                .isEqualTo("Someone else changed this user.");
        assertThat(ConsoleErrorHandler.messageFor(new CannotAcquireLockException("Deadlock found when trying to get lock")))
                .isEqualTo(ConsoleErrorHandler.BUSY);
    }

    @Test
    void anything_else_gives_a_reference_to_quote_and_nothing_of_the_exception() {
        String message = ConsoleErrorHandler.messageFor(new IllegalStateException("SELECT * FROM account WHERE secret"));

        assertThat(message).startsWith(ConsoleErrorHandler.UNEXPECTED).doesNotContain("SELECT", "secret");
    }
}
