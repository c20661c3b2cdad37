package dev.skein.retrieval.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.skein.contracts.internal.ScoreParts;

import dev.skein.retrieval.RetrievalProperties;
import dev.skein.retrieval.erasure.ConversationEraser;
import dev.skein.retrieval.indexing.IndexWatermarks;
import dev.skein.retrieval.search.ConversationSetSearch;
import dev.skein.platform.web.Problems;
import dev.skein.retrieval.search.MemorySearch;
import dev.skein.retrieval.search.QueryEmbeddings;
import dev.skein.retrieval.search.SearchHit;
import dev.skein.retrieval.search.SearchQuery;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.times;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The retrieval-service's internal index API in a web slice: contract records out,
 * problems for bad input.
 */
@WebMvcTest(ConversationIndexController.class)
class ConversationIndexControllerTests {

    private static final String CONVERSATION = "/internal/tenants/t1/conversations/c1";

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private MemorySearch search;

    @MockitoBean
    private IndexWatermarks watermarks;

    @MockitoBean
    private ConversationEraser eraser;

    @MockitoBean
    private RetrievalProperties properties;

    @MockitoBean
    private ConversationSetSearch userScope;

    @MockitoBean
    private MemorySalience memorySalience;

    @MockitoBean
    private QueryEmbeddings queryEmbeddings;

    @Test
    void aSearchThatLeavesTheSalienceToThisServiceRanksWithTheAnnouncedOnesWithoutAskingTheMemoryService()
            throws Exception {
        UUID memoryId = UUID.randomUUID();
        float[] vector = { 0.6f, 0.8f };
        IndexWatermarks.IndexState state = new IndexWatermarks.IndexState(12, 12, false, Map.of(memoryId, 0.4));
        given(this.watermarks.state("t1", "c1")).willReturn(state);
        given(this.queryEmbeddings.vector(any())).willReturn(vector);
        given(this.search.explained(any(), eq(vector), eq(state))).willReturn(List.of());

        this.mvc
            .perform(post(CONVERSATION + "/memory:search").contentType(MediaType.APPLICATION_JSON)
                .content("{\"query\":\"where is the car\",\"salienceFromMemory\":true}"))
            .andExpect(status().isOk());
        ArgumentCaptor<SearchQuery> query = ArgumentCaptor.forClass(SearchQuery.class);
        then(this.search).should().explained(query.capture(), eq(vector), eq(state));
        assertThat(query.getValue().salience()).containsExactly(Map.entry(memoryId, 0.4));
        then(this.memorySalience).shouldHaveNoInteractions();
        // nothing to overlap: the question is embedded on the request's thread
        then(this.queryEmbeddings).should(times(0)).of(any());
    }

    @Test
    void beforeTheFirstAnnouncementASearchAsksTheMemoryServiceAndUsesTheQueryEmbeddedMeanwhile() throws Exception {
        UUID memoryId = UUID.randomUUID();
        float[] vector = { 0.6f, 0.8f };
        given(this.watermarks.state("t1", "c1")).willReturn(new IndexWatermarks.IndexState(12, 12, false));
        given(this.memorySalience.of("t1", "c1")).willReturn(Map.of(memoryId, 0.7));
        given(this.queryEmbeddings.of(any())).willReturn(CompletableFuture.completedFuture(vector));
        given(this.search.explained(any(), eq(vector), eq(new IndexWatermarks.IndexState(12, 12, false))))
            .willReturn(List.of(new MemorySearch.Explained(
                    new SearchHit(memoryId, "turn", "Ann", "level 3, row F", 0.91, List.of("m-1"),
                            List.of(UUID.randomUUID()), 3, 3, Instant.parse("2024-04-30T08:15:00Z"), 9),
                    new ScoreParts(0.5, 0.3, 0.14, 0.11, 0, 0, 0, 1.05))));

        this.mvc
            .perform(post(CONVERSATION + "/memory:search").contentType(MediaType.APPLICATION_JSON)
                .content("{\"query\":\"where is the car\",\"salienceFromMemory\":true}"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.results[0].memoryId").value(memoryId.toString()));
        ArgumentCaptor<SearchQuery> query = ArgumentCaptor.forClass(SearchQuery.class);
        then(this.search).should()
            .explained(query.capture(), eq(vector), eq(new IndexWatermarks.IndexState(12, 12, false)));
        assertThat(query.getValue().salience()).containsExactly(Map.entry(memoryId, 0.7));
    }

    @Test
    void aConversationTheMemoryServiceDoesNotHaveIsNotFound() throws Exception {
        given(this.watermarks.state("t1", "c1")).willReturn(new IndexWatermarks.IndexState(0, 0, false));
        given(this.queryEmbeddings.of(any())).willReturn(new CompletableFuture<>());
        given(this.memorySalience.of("t1", "c1")).willThrow(Problems.notFound("No conversation c1"));

        this.mvc
            .perform(post(CONVERSATION + "/memory:search").contentType(MediaType.APPLICATION_JSON)
                .content("{\"query\":\"where is the car\",\"salienceFromMemory\":true}"))
            .andExpect(status().isNotFound())
            .andExpect(jsonPath("$.type").value(Problems.BASE + "not-found"));
        then(this.search).shouldHaveNoInteractions();
    }

    @Test
    void aSearchAnswersRankedEvidenceAndHowFarTheIndexIs() throws Exception {
        UUID memoryId = UUID.randomUUID();
        UUID salient = UUID.randomUUID();
        given(this.watermarks.state("t1", "c1")).willReturn(new IndexWatermarks.IndexState(12, 12, false));
        float[] vector = { 0.6f, 0.8f };
        given(this.queryEmbeddings.vector(any())).willReturn(vector);
        given(this.search.explained(any(), eq(vector), eq(new IndexWatermarks.IndexState(12, 12, false))))
            .willReturn(List.of(new MemorySearch.Explained(
                    new SearchHit(memoryId, "turn", "Ann", "level 3, row F", 0.91, List.of("m-1"),
                            List.of(UUID.randomUUID()), 3, 3, Instant.parse("2024-04-30T08:15:00Z"), 9),
                    new ScoreParts(0.5, 0.3, 0, 0.11, 0, 0, 0, 0.91))));

        this.mvc
            .perform(post(CONVERSATION + "/memory:search").contentType(MediaType.APPLICATION_JSON)
                .content("{\"query\":\"where is the car\",\"topK\":3," + "\"salient\":[{\"memoryId\":\"" + salient
                        + "\",\"salience\":1.5}]}"))
            .andExpect(status().isOk())
            .andExpect(content().contentType(MediaType.APPLICATION_JSON))
            .andExpect(jsonPath("$.results[0].memoryId").value(memoryId.toString()))
            .andExpect(jsonPath("$.results[0].createdAt").value("2024-04-30T08:15:00Z"))
            .andExpect(jsonPath("$.indexedThrough").value(12))
            .andExpect(jsonPath("$.consistent").value(true));
        ArgumentCaptor<SearchQuery> query = ArgumentCaptor.forClass(SearchQuery.class);
        // the index's state is read once: the search ranks with the state it answers
        then(this.watermarks).should(times(1)).state("t1", "c1");
        then(this.search).should()
            .explained(query.capture(), eq(vector), eq(new IndexWatermarks.IndexState(12, 12, false)));
        assertThat(query.getValue().topK()).isEqualTo(3);
        // a salience above 1 is clamped
        assertThat(query.getValue().salience()).containsEntry(salient, 1.0);
    }

    @Test
    void anIndexStatusIsJson() throws Exception {
        given(this.watermarks.state("t1", "c1")).willReturn(new IndexWatermarks.IndexState(9, 10, false));

        this.mvc.perform(get(CONVERSATION + "/index"))
            .andExpect(status().isOk())
            .andExpect(content().contentType(MediaType.APPLICATION_JSON))
            .andExpect(jsonPath("$.indexed").value(9))
            .andExpect(jsonPath("$.indexedThrough").value(10));
    }

    @Test
    void aBlankQueryAndATopKOverTheLimitAreOneValidationProblem() throws Exception {
        this.mvc
            .perform(post(CONVERSATION + "/memory:search").contentType(MediaType.APPLICATION_JSON)
                .content("{\"query\":\"  \",\"topK\":51}"))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.type").value("https://skein.dev/problems/validation"))
            .andExpect(jsonPath("$.errors[0].field").value("query"))
            .andExpect(jsonPath("$.errors[0].message").value("must not be blank"))
            .andExpect(jsonPath("$.errors[1].field").value("topK"))
            .andExpect(jsonPath("$.errors[1].message").value("must be less than or equal to 50"));
    }

    @Test
    void aWatermarkThatIsNotASequenceIsAValidationProblem() throws Exception {
        this.mvc
            .perform(post(CONVERSATION + "/memory:search").contentType(MediaType.APPLICATION_JSON)
                .content("{\"query\":\"dog\",\"watermark\":\"later\"}"))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.type").value("https://skein.dev/problems/validation"))
            .andExpect(jsonPath("$.errors[0].field").value("watermark"));
    }

}
