package dev.skein.tools;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class WritingBenchTests {

    @Test
    void aRowCountsThePlanEveryDraftAndRevisionAndTheSectionsLeftOutside() {
        JsonNode job = SkeinApi.JSON.readTree("""
                {"status":"completed","targetWords":2000,"actualWords":2098,"plan":{"sections":[
                  {"targetWords":1000,"actualWords":1005,"reviews":[{"draft":0},{"draft":1}]},
                  {"targetWords":1000,"actualWords":1093,"reviews":[{"draft":0},{"draft":1},{"draft":2}]}]}}
                """);

        assertThat(WritingBench.row(2000, job, 812))
            .isEqualTo("  2000 |   2098 |  +4.9% |        2 |       2 |            0 |         6 | 812 ms");
    }

    @Test
    void outsideIsJudgedAsTheLengthReviewDoes() {
        assertThat(WritingBench.outside(900, 1000)).isFalse();
        assertThat(WritingBench.outside(899, 1000)).isTrue();
        assertThat(WritingBench.outside(1100, 1000)).isFalse();
        assertThat(WritingBench.outside(1101, 1000)).isTrue();
        assertThat(WritingBench.outside(1375, 1250)).isFalse();
    }

}
