package dev.skein.generation.llm;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChatStreamParserTests {

    /** As OpenAI's API streams a chat completion (with stream_options.include_usage). */
    private static final String RECORDED_OPENAI_STREAM = """
            data: {"id":"chatcmpl-AbC1","object":"chat.completion.chunk","created":1732900000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0ba0d124f1","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}

            data: {"id":"chatcmpl-AbC1","object":"chat.completion.chunk","created":1732900000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0ba0d124f1","choices":[{"index":0,"delta":{"content":"Your"},"logprobs":null,"finish_reason":null}],"usage":null}

            data: {"id":"chatcmpl-AbC1","object":"chat.completion.chunk","created":1732900000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0ba0d124f1","choices":[{"index":0,"delta":{"content":" cat is called"},"logprobs":null,"finish_reason":null}],"usage":null}

            data: {"id":"chatcmpl-AbC1","object":"chat.completion.chunk","created":1732900000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0ba0d124f1","choices":[{"index":0,"delta":{"content":" Miso \\u2014 since"},"logprobs":null,"finish_reason":null}],"usage":null}

            : keep-alive

            data: {"id":"chatcmpl-AbC1","object":"chat.completion.chunk","created":1732900000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0ba0d124f1","choices":[{"index":0,"delta":{"content":" 2023-05-01.\\n"},"logprobs":null,"finish_reason":null}],"usage":null}

            data: {"id":"chatcmpl-AbC1","object":"chat.completion.chunk","created":1732900000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0ba0d124f1","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}

            data: {"id":"chatcmpl-AbC1","object":"chat.completion.chunk","created":1732900000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0ba0d124f1","choices":[],"usage":{"prompt_tokens":412,"completion_tokens":12,"total_tokens":424}}

            data: [DONE]

            """;

    @Test
    void passesOnEachContentDeltaInOrderAndStopsAtDone() {
        List<String> deltas = new ArrayList<>();
        ChatStreamParser parser = new ChatStreamParser(deltas::add);

        RECORDED_OPENAI_STREAM.lines().forEach(line -> {
            assertThat(parser.done()).isFalse();
            parser.accept(line);
        });

        assertThat(deltas).containsExactly("Your", " cat is called", " Miso — since", " 2023-05-01.\n");
        assertThat(parser.done()).isTrue();
        assertThat(parser.completion())
            .isEqualTo(new ChatCompletion("Your cat is called Miso — since 2023-05-01.\n", 412, 12));
    }

    @Test
    void readsDataWithoutASpaceAndAnEventNotClosedByABlankLine() {
        List<String> deltas = new ArrayList<>();
        ChatStreamParser parser = new ChatStreamParser(deltas::add);

        parser.accept("data:{\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}");
        parser.accept("");
        parser.accept("data: {\"choices\":[{\"delta\":{\"content\":\"!\"},\"finish_reason\":\"stop\"}]}");
        assertThat(parser.complete()).isFalse();
        parser.endOfBody();

        assertThat(deltas).containsExactly("Hi", "!");
        assertThat(parser.complete()).isTrue();
        assertThat(parser.done()).isFalse();
        assertThat(parser.completion()).isEqualTo(new ChatCompletion("Hi!", null, null));
    }

    @Test
    void failsOnAnErrorEventOrMalformedJson() {
        ChatStreamParser errors = new ChatStreamParser(piece -> {
        });
        errors.accept("data: {\"error\":{\"message\":\"model overloaded\"}}");
        assertThatThrownBy(() -> errors.accept("")).isInstanceOf(LlmCallFailed.class)
            .hasMessage("the LLM reported an error");

        ChatStreamParser malformed = new ChatStreamParser(piece -> {
        });
        malformed.accept("data: {\"choices\":");
        assertThatThrownBy(() -> malformed.accept("")).isInstanceOf(LlmCallFailed.class)
            .hasMessage("malformed stream from the LLM");
    }

}
