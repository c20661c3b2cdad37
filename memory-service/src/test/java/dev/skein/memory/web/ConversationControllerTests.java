package dev.skein.memory.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.skein.memory.bank.MemoryBank;
import dev.skein.memory.edit.MemoryEdits;
import dev.skein.memory.salience.Salience;
import dev.skein.memory.stream.Conversation;
import dev.skein.memory.stream.ImportResult;
import dev.skein.memory.stream.MemoryStream;
import dev.skein.memory.stream.MessageRules;
import dev.skein.memory.turn.TurnRecords;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The memory-service's internal API in a web slice: contract records out, problems for
 * bad input.
 */
@WebMvcTest(ConversationController.class)
class ConversationControllerTests {

    private static final String CONVERSATION = "/internal/tenants/t1/conversations/c1";

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private MemoryStream stream;

    @MockitoBean
    private MemoryViews views;

    @MockitoBean
    private MessageRules rules;

    @MockitoBean
    private MemoryBank bank;

    @MockitoBean
    private Salience salience;

    @MockitoBean
    private TurnRecords turns;

    @MockitoBean
    private MemoryEdits edits;

    @Test
    void anImportAnswersTheCountsAndTheWatermarkAsAString() throws Exception {
        Conversation conversation = new Conversation(UUID.randomUUID(), "t1", "c1", Instant.EPOCH, Instant.EPOCH, 4,
                12);
        UUID messageId = UUID.randomUUID();
        given(this.stream.importMessages(eq("t1"), eq("c1"), anyList(), any(), any(), any()))
            .willReturn(new ImportResult(conversation, 1, 1, 0, 4L, 4,
                    List.of(new ImportResult.Entry(messageId, 4, "m-4", false))));

        this.mvc
            .perform(post(CONVERSATION + "/messages:import").contentType(MediaType.APPLICATION_JSON)
                .content("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\",\"externalId\":\"m-4\"}]}"))
            .andExpect(status().isOk())
            .andExpect(content().contentType(MediaType.APPLICATION_JSON))
            .andExpect(jsonPath("$.watermark").value("4"))
            .andExpect(jsonPath("$.firstSequence").value(4))
            .andExpect(jsonPath("$.messages[0].messageId").value(messageId.toString()))
            .andExpect(jsonPath("$.messages[0].duplicate").value(false));
    }

    @Test
    void aBodyThatIsNotJsonIsAMalformedRequestProblem() throws Exception {
        this.mvc
            .perform(post(CONVERSATION + "/messages:import").contentType(MediaType.APPLICATION_JSON)
                .content("{\"messages\":"))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.type").value("https://skein.dev/problems/malformed-request"));
    }

    @Test
    void aLimitOutOfRangeIsAValidationProblemNamingTheField() throws Exception {
        this.mvc.perform(get(CONVERSATION + "/messages").param("limit", "5000"))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.type").value("https://skein.dev/problems/validation"))
            .andExpect(jsonPath("$.errors[0].field").value("limit"));
    }

}
