package dev.skein.examples.langchain4j;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.UserMessage;

import dev.skein.client.SkeinClient;
import dev.skein.langchain4j.SkeinChatMemoryStore;
import dev.skein.langchain4j.SkeinContentRetriever;

/**
 * A console chat as a LangChain4j AI service: its chat memory is a
 * {@code MessageWindowChatMemory} over {@link SkeinChatMemoryStore}, and its retrieval is
 * {@link SkeinContentRetriever}, so a fact long out of the window is recalled.
 *
 * <p>
 * Environment: {@code OPENAI_BASE_URL} (with {@code /v1}), {@code OPENAI_API_KEY},
 * {@code OPENAI_MODEL}, {@code SKEIN_URL}, {@code SKEIN_API_KEY},
 * {@code CONVERSATION_ID}.
 */
public final class ConsoleChat {

    /** The window of recent messages the model sees raw. */
    static final int WINDOW = 20;

    private ConsoleChat() {
    }

    /** What the app talks to. */
    public interface Assistant {

        String chat(@MemoryId String conversationId, @UserMessage String message);

    }

    /** The wiring of the app: the model, Skein's memory and Skein's recall. */
    public static Assistant assistant(ChatModel model, SkeinClient skein) {
        return AiServices.builder(Assistant.class)
            .chatModel(model)
            .systemMessageProvider(memoryId -> "You are a friendly assistant. Answer briefly.")
            .chatMemoryProvider(memoryId -> MessageWindowChatMemory.builder()
                .id(memoryId)
                .maxMessages(WINDOW)
                .chatMemoryStore(new SkeinChatMemoryStore(skein, WINDOW))
                .build())
            .contentRetriever(SkeinContentRetriever.perMemoryId(skein, 5))
            // the user's own words are what Skein stores, not the recalled memories
            // pasted in
            .storeRetrievedContentInChatMemory(false)
            .build();
    }

    public static void main(String[] args) throws IOException {
        ChatModel model = OpenAiChatModel.builder()
            .baseUrl(env("OPENAI_BASE_URL", "https://api.openai.com/v1"))
            .apiKey(env("OPENAI_API_KEY", ""))
            .modelName(env("OPENAI_MODEL", "gpt-4o-mini"))
            .build();
        SkeinClient skein = SkeinClient.builder()
            .baseUrl(env("SKEIN_URL", "http://127.0.0.1:8080"))
            .apiKey(env("SKEIN_API_KEY", ""))
            .build();
        String conversationId = env("CONVERSATION_ID", "langchain4j-chat");
        Assistant assistant = assistant(model, skein);
        PrintStream out = System.out;
        out.println("Conversation '" + conversationId + "' (memory: Skein). Type a message; Ctrl-D ends.");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        out.print("> ");
        out.flush();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (!line.isBlank()) {
                out.println(assistant.chat(conversationId, line));
            }
            out.print("> ");
            out.flush();
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

}
