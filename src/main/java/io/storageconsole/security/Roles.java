package io.storageconsole.security;

/** The three roles of PRODUCT.md, as Spring Security authority names without the ROLE_ prefix. */
public final class Roles {

    public static final String ROOT = "ROOT";
    public static final String SUB_USER = "SUB_USER";
    public static final String SUPPORT = "SUPPORT";

    /** Not a person's role: the stage between password and second factor (see SignInStage). */
    public static final String MFA_PENDING = "MFA_PENDING";

    private Roles() {
    }

    /** The Spring Security authority of a role: "ROLE_ROOT". */
    public static String authority(String role) {
        return "ROLE_" + role;
    }
}
