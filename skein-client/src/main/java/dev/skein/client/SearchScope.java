package dev.skein.client;

/** Which memories a conversation's {@code memory:search} ranks. */
public enum SearchScope {

    /** The conversation's own memories (the API's default). */
    CONVERSATION("conversation"),

    /**
     * The conversation's and those of the other conversations of the user it belongs to
     * (the same as {@link #CONVERSATION} for a conversation without a user).
     */
    USER("user");

    private final String value;

    SearchScope(String value) {
        this.value = value;
    }

    /** As the API spells it. */
    public String value() {
        return this.value;
    }

}
