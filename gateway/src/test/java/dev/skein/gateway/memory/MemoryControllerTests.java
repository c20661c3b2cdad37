package dev.skein.gateway.memory;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.skein.contracts.MemoryRecorded;
import dev.skein.contracts.internal.MemoryCorrection;
import dev.skein.contracts.internal.MemoryIds;
import dev.skein.contracts.internal.MemoryItem;
import dev.skein.contracts.internal.MemoryPatch;
import dev.skein.gateway.apikey.Tenant;
import dev.skein.platform.client.MemoryApi;
import dev.skein.platform.client.RetrievalApi;
import dev.skein.platform.web.ProblemException;
import dev.skein.platform.web.ValidationException;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

class MemoryControllerTests {

    private static final Tenant TENANT = new Tenant("tenant-1");

    private final MemoryApi memory = mock(MemoryApi.class);

    private final RetrievalApi retrieval = mock(RetrievalApi.class);

    private final MemoryController controller = new MemoryController(this.memory, this.retrieval);

    @Test
    void anEmptyPatchIsAValidationProblemNamingTheFieldAndReachesNoService() {
        for (MemoryController.MemoryPatchRequest empty : new MemoryController.MemoryPatchRequest[] { null,
                new MemoryController.MemoryPatchRequest(null, null) }) {
            assertThatExceptionOfType(ValidationException.class)
                .isThrownBy(() -> this.controller.patch(TENANT, "c1", UUID.randomUUID().toString(), empty))
                .satisfies(ex -> assertThat(ex.errors()).extracting("field").containsExactly("content"));
        }
        verifyNoInteractions(this.memory, this.retrieval);
    }

    @Test
    void aMemoryIdThatIsNotAnIdIsNotFound() {
        assertThatExceptionOfType(ProblemException.class)
            .isThrownBy(() -> this.controller.patch(TENANT, "c1", "not-an-id",
                    new MemoryController.MemoryPatchRequest("text", null)))
            .satisfies(ex -> assertThat(ex.problem().getStatus()).isEqualTo(404));
        verifyNoInteractions(this.memory, this.retrieval);
    }

    @Test
    void aCorrectionReindexesTheCorrectedOneThenDropsTheDerivedMemoriesBeforeAnswering() {
        UUID id = UUID.randomUUID();
        UUID window = UUID.randomUUID();
        MemoryItem item = new MemoryItem(id, "turn", "corrected", 3, 3, List.of(id), false, 0.2, "why", Instant.EPOCH);
        MemoryRecorded reindex = new MemoryRecorded(UUID.randomUUID(), Instant.EPOCH, "tenant-1", "c1",
                UUID.randomUUID(), id, "turn", "user", "user", "corrected", List.of(id), List.of(), 3, 3, Instant.EPOCH,
                List.of(), List.of(), 1);
        when(this.memory.patchMemory("tenant-1", "c1", id, new MemoryPatch("corrected", null)))
            .thenReturn(new MemoryCorrection(item, List.of(window), reindex));

        MemoryItem answer = this.controller.patch(TENANT, "c1", id.toString(),
                new MemoryController.MemoryPatchRequest("corrected", null));

        assertThat(answer).isEqualTo(item);
        InOrder order = inOrder(this.memory, this.retrieval);
        order.verify(this.memory).patchMemory(any(), any(), any(), any());
        // the turn's revision reaches the index first, so that nothing of the old text
        // is indexed after the drop
        order.verify(this.retrieval).reindex("tenant-1", "c1", reindex);
        order.verify(this.retrieval).drop("tenant-1", "c1", new MemoryIds(List.of(window)));
    }

    @Test
    void aPinAloneDoesNotTouchTheIndex() {
        UUID id = UUID.randomUUID();
        MemoryItem item = new MemoryItem(id, "turn", "text", 3, 3, List.of(id), true, 0.5, "why", Instant.EPOCH);
        when(this.memory.patchMemory("tenant-1", "c1", id, new MemoryPatch(null, true)))
            .thenReturn(new MemoryCorrection(item, List.of(), null));

        MemoryItem answer = this.controller.patch(TENANT, "c1", id.toString(),
                new MemoryController.MemoryPatchRequest(null, true));

        assertThat(answer.pinned()).isTrue();
        verifyNoInteractions(this.retrieval);
    }

}
