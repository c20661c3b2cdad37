package dev.skein.examples.springai;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A console chat written as any Spring AI app is: a {@code ChatClient} with Spring AI's
 * own {@code MessageChatMemoryAdvisor}. Nothing in it names Skein: the
 * {@code skein-spring-ai} dependency and {@code skein.base-url} / {@code skein.api-key}
 * make Skein its chat memory and add Skein's recall to every prompt.
 */
@SpringBootApplication
public class SpringAiChatApplication {

    public static void main(String[] args) {
        SpringApplication.run(SpringAiChatApplication.class, args);
    }

}
