package dev.skein.springai;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the Skein adapter ({@code skein.*}).
 *
 * @param baseUrl the gateway, e.g. {@code http://127.0.0.1:8080}; the adapter is on when
 * it is set
 * @param apiKey the API key (decides the tenant)
 * @param timeout how long one call to Skein may take
 * @param recallTopK memories the recall advisor adds to a prompt
 * @param recentMessages latest messages the chat memory repository returns; at least the
 * chat memory's window ({@code MessageWindowChatMemory}: 20)
 * @param recall whether every auto-configured {@code ChatClient} gets the recall advisor
 */
@ConfigurationProperties("skein")
public record SkeinProperties(String baseUrl, String apiKey, @DefaultValue("90s") Duration timeout,
        @DefaultValue("5") int recallTopK, @DefaultValue("20") int recentMessages,
        @DefaultValue("true") boolean recall) {
}
