package dev.skein.tools;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.skein.tools.AnswerJudge.Verdict;

import static org.assertj.core.api.Assertions.assertThat;

class AnswerJudgeTests {

    @Test
    void readsTheLabelLookingForWrongFirst() {
        assertThat(AnswerJudge.verdict("CORRECT")).isEqualTo(Verdict.CORRECT);
        assertThat(AnswerJudge.verdict("correct.")).isEqualTo(Verdict.CORRECT);
        assertThat(AnswerJudge.verdict("Incorrect")).isEqualTo(Verdict.WRONG);
        assertThat(AnswerJudge.verdict("WRONG")).isEqualTo(Verdict.WRONG);
        assertThat(AnswerJudge.verdict("I cannot tell")).isEqualTo(Verdict.UNCLEAR);
    }

    @Test
    void asksAnOpenAiCompatibleModelAndReadsItsLabel() throws Exception {
        int port = new FakeLlm(Options.of(Map.of("port", "0"))).run();
        AnswerJudge judge = new AnswerJudge("http://127.0.0.1:" + port + "/v1/", "judge", null);

        assertThat(judge.judge("Where does Ana live?", "Porto",
                "\"My sister Ana lives in Porto and loves sailing.\" (no LLM wrote this reply)"))
            .isEqualTo(Verdict.CORRECT);
        assertThat(judge.judge("Where does Ana live?", "Porto", "Lisbon")).isEqualTo(Verdict.WRONG);
    }

}
