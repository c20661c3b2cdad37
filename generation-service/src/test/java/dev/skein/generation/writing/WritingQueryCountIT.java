package dev.skein.generation.writing;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.skein.testsupport.database.StatementCounter;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * No N+1 on a writing job's status: one statement reads the job and all its sections, for
 * 2 sections as for 40. Called on the test's thread (MockMvc, without the token filter),
 * where {@link StatementCounter} sees every statement. The jobs are stored failed, so no
 * runner picks them up.
 */
class WritingQueryCountIT extends AbstractWritingIT {

    @Autowired
    private WebApplicationContext context;

    @Test
    void aJobsStatusIsOneStatementWhateverItsSections() throws Exception {
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(this.context).build();
        String conversation = "writing-" + UUID.randomUUID();
        UUID small = storedJob(conversation, 2);
        UUID large = storedJob(conversation, 40);

        List<String> ofSmall = StatementCounter.during(
                () -> mvc.perform(MockMvcRequestBuilders.get(path(conversation, small))).andExpect(status().isOk()));
        List<String> ofLarge = StatementCounter.during(
                () -> mvc.perform(MockMvcRequestBuilders.get(path(conversation, large))).andExpect(status().isOk()));

        assertThat(ofSmall).hasSize(1);
        assertThat(ofLarge).hasSize(1);
        JsonNode job = job(conversation, large);
        assertThat(job.path("plan").path("sections")).hasSize(40);
        assertThat(job.path("plan").path("sections").get(39).path("position").asInt()).isEqualTo(39);
    }

    private UUID storedJob(String conversation, int sections) {
        UUID jobId = UUID.randomUUID();
        this.jdbc
            .sql("INSERT INTO writing_jobs (job_id, tenant_id, conversation_id, instruction, target_words, status, "
                    + "plan_source, failure) VALUES (?, ?, ?, ?, 900, 'failed', 'llm', 'stored by the test')")
            .params(jobId, TENANT, conversation, "A stored text " + jobId)
            .update();
        // inserted in reverse, so the order the status shows comes from the query
        for (int position = sections - 1; position >= 0; position--) {
            section(jobId, position, "Section " + position, "written", "Text of section " + position + ".");
        }
        return jobId;
    }

}
