package dev.skein.retrieval.web;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where a search's salient memories come from ({@code skein.retrieval.memory-service}).
 *
 * @param urls every instance of the memory-service ({@code SKEIN_MEMORY_URLS})
 * @param timeout longest wait for its answer; it answers from one statement
 */
@Validated
@ConfigurationProperties("skein.retrieval.memory-service")
record MemoryServiceSettings(@NotEmpty List<URI> urls, @NotNull @DefaultValue("5s") Duration timeout) {
}
