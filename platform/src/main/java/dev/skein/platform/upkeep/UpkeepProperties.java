package dev.skein.platform.upkeep;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code skein.vacuum.*}: whether the service does autovacuum's work when the server does
 * not ({@code SKEIN_VACUUM_ENABLED}), and how often it looks (autovacuum's own nap time
 * by default).
 */
@ConfigurationProperties("skein.vacuum")
public record UpkeepProperties(@DefaultValue("true") boolean enabled, @DefaultValue("60s") Duration checkInterval) {
}
