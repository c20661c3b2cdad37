package dev.skein.generation.llm;

/**
 * No provider answered. The message lists the distinct reasons, short and safe for
 * {@code generatedBy}. When a streamed reply broke off, {@link #partialBy()} names the
 * provider whose pieces already reached the client: no other provider was tried, since
 * those pieces cannot be taken back.
 */
public class ProvidersFailed extends LlmCallFailed {

    private final String partialBy;

    ProvidersFailed(String reasons, String partialBy, Throwable last) {
        super(reasons, last);
        this.partialBy = partialBy;
    }

    /** The provider that streamed part of the reply before failing, else null. */
    public String partialBy() {
        return this.partialBy;
    }

}
