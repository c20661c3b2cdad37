package dev.skein.contracts;

import java.util.Set;

/** Message roles as they appear in the API and on the wire. */
public final class Roles {

    public static final String USER = "user";

    public static final String ASSISTANT = "assistant";

    public static final String SYSTEM = "system";

    public static final Set<String> ALL = Set.of(USER, ASSISTANT, SYSTEM);

    private Roles() {
    }

}
