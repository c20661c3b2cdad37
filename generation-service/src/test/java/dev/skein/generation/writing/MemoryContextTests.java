package dev.skein.generation.writing;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.skein.contracts.Evidence;
import dev.skein.contracts.internal.SearchRequest;
import dev.skein.contracts.internal.SearchResponse;
import dev.skein.platform.client.RetrievalApi;
import dev.skein.platform.client.UpstreamUnavailableException;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

class MemoryContextTests {

    private final RetrievalApi retrieval = mock(RetrievalApi.class);

    @Test
    void eachMemoryIsItsTextAfterTheDayItWasSaidBestFirst() {
        given(this.retrieval.search(eq("t1"), eq("c1"), any())).willReturn(new SearchResponse(
                List.of(evidence(" Biscuit chewed the sofa. ", Instant.parse("2024-01-05T23:30:00Z")),
                        evidence("   ", Instant.parse("2024-01-06T09:00:00Z")), evidence("He loves the sea.", null)),
                3, true));

        MemoryContext.Recalled recalled = new MemoryContext(this.retrieval, 5).recall("t1", "c1", "Puppy days");

        assertThat(recalled.available()).isTrue();
        assertThat(recalled.memories()).containsExactly("[2024-01-05] Biscuit chewed the sofa.", "He loves the sea.");
        ArgumentCaptor<SearchRequest> request = ArgumentCaptor.forClass(SearchRequest.class);
        then(this.retrieval).should().search(eq("t1"), eq("c1"), request.capture());
        assertThat(request.getValue()).isEqualTo(new SearchRequest("Puppy days", 5, null, null, null));
    }

    @Test
    void aLongQueryIsCutToTwoThousandCharacters() {
        given(this.retrieval.search(any(), any(), any())).willReturn(new SearchResponse(List.of(), 0, true));

        new MemoryContext(this.retrieval, 5).recall("t1", "c1", "q".repeat(2_500));

        ArgumentCaptor<SearchRequest> request = ArgumentCaptor.forClass(SearchRequest.class);
        then(this.retrieval).should().search(any(), any(), request.capture());
        assertThat(request.getValue().query()).hasSize(2_000);
    }

    @Test
    void aFailedSearchLeavesTheSectionWithoutMemory() {
        given(this.retrieval.search(any(), any(), any()))
            .willThrow(new UpstreamUnavailableException(HttpStatus.INTERNAL_SERVER_ERROR, null));

        MemoryContext.Recalled recalled = new MemoryContext(this.retrieval, 5).recall("t1", "c1", "Puppy days");

        assertThat(recalled.available()).isFalse();
        assertThat(recalled.memories()).isEmpty();
    }

    @Test
    void noMemoriesAskedForMeansNoSearch() {
        MemoryContext.Recalled recalled = new MemoryContext(this.retrieval, 0).recall("t1", "c1", "Puppy days");

        assertThat(recalled.available()).isTrue();
        verifyNoInteractions(this.retrieval);
    }

    private static Evidence evidence(String text, Instant createdAt) {
        return new Evidence(UUID.randomUUID(), "turn", "Ann", text, 0.8, List.of(), List.of(), 1, 1, createdAt);
    }

}
