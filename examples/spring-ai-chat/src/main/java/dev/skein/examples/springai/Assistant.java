package dev.skein.examples.springai;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.MessageChatMemoryAdvisor;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.stereotype.Component;

/** The chat: the recent messages from the chat memory, the user's message, the model. */
@Component
public class Assistant {

    private final ChatClient chat;

    Assistant(ChatClient.Builder builder, ChatMemory memory) {
        this.chat = builder.defaultSystem("You are a friendly assistant. Answer briefly.")
            .defaultAdvisors(MessageChatMemoryAdvisor.builder(memory).build())
            .build();
    }

    public String reply(String conversationId, String message) {
        return this.chat.prompt()
            .user(message)
            .advisors(advisor -> advisor.param(ChatMemory.CONVERSATION_ID, conversationId))
            .call()
            .content();
    }

}
