package dev.skein.gateway.writing;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the gateway's side of long-form writing ({@code skein.gateway.writing}).
 *
 * @param heartbeat how often an open event stream gets an SSE comment (so proxies keep it
 * open) and its job's state is read again (so it ends even when the last progress event
 * was lost)
 * @param acceptedMemory how long this gateway answers {@code accepted} for a job it
 * accepted that the generation-service has not stored yet
 * @param acceptedCapacity jobs remembered so at most (the oldest are forgotten first)
 */
@Validated
@ConfigurationProperties("skein.gateway.writing")
public record WritingProperties(@NotNull Duration heartbeat, @NotNull Duration acceptedMemory,
        @Min(1) int acceptedCapacity) {
}
