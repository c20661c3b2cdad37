package dev.skein.tools;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TurnLatencyBenchTests {

    @Test
    void skeinsFirstPieceIsTheFirstDeltaEvent() {
        assertThat(TurnLatencyBench.skeinPiece("event:delta")).isTrue();
        assertThat(TurnLatencyBench.skeinPiece("event: delta")).isTrue();
        assertThat(TurnLatencyBench.skeinPiece("event:reply")).isFalse();
        assertThat(TurnLatencyBench.skeinPiece("data:{\"text\":\"delta\"}")).isFalse();
    }

    @Test
    void openAisFirstPieceIsTheFirstChunkWithContentWithOrWithoutASpaceAfterData() {
        assertThat(
                TurnLatencyBench.openAiPiece("data:{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}"))
            .isFalse();
        assertThat(
                TurnLatencyBench.openAiPiece("data:{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"This is\"}}]}"))
            .isTrue();
        assertThat(
                TurnLatencyBench.openAiPiece("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"This is\"}}]}"))
            .isTrue();
        assertThat(TurnLatencyBench.openAiPiece("data: [DONE]")).isFalse();
        assertThat(TurnLatencyBench.openAiPiece("")).isFalse();
    }

}
