package io.storageconsole.security;

/** The routes of signing in, named once: the views declare them, the handlers and filters send people there. */
public final class SignInRoutes {

    /** The sign-in page; its form posts here too. */
    public static final String LOGIN = "login";
    /** The second step: a code, a recovery code, or enrolment. */
    public static final String SECOND_FACTOR = "mfa";
    /** "Forgot password?": asks for the address to send a link to. */
    public static final String FORGOT_PASSWORD = "forgot-password";
    /** Where that link leads: a new password, once. */
    public static final String RESET_PASSWORD = "reset-password";
    /** Where an invitation's link leads: the new user's own password, once. */
    public static final String INVITATION = "invitation";

    private SignInRoutes() {
    }

    /** The route as a path from the context root: "/login". */
    public static String path(String route) {
        return "/" + route;
    }
}
