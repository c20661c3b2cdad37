package dev.skein.memory.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.skein.memory.AbstractMemoryServiceIT;
import dev.skein.testsupport.database.StatementCounter;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * No N+1: the transcript and the memory view send a fixed, small number of statements,
 * the same for a conversation of 5 messages as for one of 200. Each endpoint is called on
 * the test's thread (MockMvc, without the token filter), where {@link StatementCounter}
 * sees every statement, Hibernate's and the hand-written SQL alike.
 */
class QueryCountIT extends AbstractMemoryServiceIT {

    @Autowired
    private WebApplicationContext context;

    private MockMvc mvc;

    @BeforeEach
    void mockMvc() {
        this.mvc = MockMvcBuilders.webAppContextSetup(this.context).build();
    }

    @Test
    void theTranscriptTakesTwoStatementsWhateverItsLength() throws Exception {
        String tenant = randomId("t");
        String small = imported(tenant, 5);
        String large = imported(tenant, 200);

        List<String> ofSmall = statements(conversationPath(tenant, small) + "/messages?limit=100");
        List<String> ofLarge = statements(conversationPath(tenant, large) + "/messages?limit=100");

        // the conversation, then one page of messages
        assertThat(ofSmall).hasSize(2);
        assertThat(ofLarge).hasSameSizeAs(ofSmall);
    }

    @Test
    void theMemoryViewTakesTheSameFewStatementsWhateverTheConversationHolds() throws Exception {
        String tenant = randomId("t");
        String small = imported(tenant, 20);
        String large = imported(tenant, 200);

        List<String> ofSmall = statements(conversationPath(tenant, small) + "/memory");
        List<String> ofLarge = statements(conversationPath(tenant, large) + "/memory");

        assertThat(ofLarge).hasSameSizeAs(ofSmall).hasSizeLessThanOrEqualTo(12);
    }

    private List<String> statements(String path) throws Exception {
        return StatementCounter
            .during(() -> this.mvc.perform(MockMvcRequestBuilders.get(path)).andExpect(status().isOk()));
    }

    private String imported(String tenant, int messages) throws Exception {
        String conversation = randomId("c");
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            inputs.add(Map.of("role", i % 2 == 0 ? "user" : "assistant", "content",
                    "Message " + i + " talks about the harbour of Valletta and topic " + (i % 7) + "."));
        }
        assertThat(
                post(conversationPath(tenant, conversation) + "/messages:import", Map.of("messages", inputs)).status())
            .isEqualTo(200);
        return conversation;
    }

}
