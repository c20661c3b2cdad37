package dev.skein.tools;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SearchBenchTests {

    @Test
    void aKeptConversationTellsItsSize() {
        assertThat(SearchBench.sizeOf("bench-search-10000-2e1c1566")).isEqualTo(10_000);
    }

    @Test
    void anotherConversationIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> SearchBench.sizeOf("demo"))
            .withMessageContaining("bench-search-<turns>-<id>");
        assertThatIllegalArgumentException().isThrownBy(() -> SearchBench.sizeOf("bench-search-many-2e1c1566"));
        assertThatIllegalArgumentException().isThrownBy(() -> SearchBench.sizeOf("floor-search-100-2e1c1566"));
    }

}
