package io.storageconsole.security.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** A sign-in's success is recorded once its request has been answered: when that is. */
class SignInThrottleAnsweredTest {

    @AfterEach
    void leaveTheRequest() {
        RequestContextHolder.resetRequestAttributes();
    }

    @Test
    void inside_a_request_the_answer_is_out_once_the_requests_attributes_complete() {
        ServletRequestAttributes request = new ServletRequestAttributes(new MockHttpServletRequest("POST", "/login"));
        RequestContextHolder.setRequestAttributes(request);

        CompletableFuture<Void> answered = SignInThrottle.answered();

        assertThat(answered).isNotDone();
        request.requestCompleted();
        assertThat(answered).isCompleted();
    }

    @Test
    void outside_a_request_there_is_nothing_to_wait_for() {
        assertThat(SignInThrottle.answered()).isCompleted();
    }
}
