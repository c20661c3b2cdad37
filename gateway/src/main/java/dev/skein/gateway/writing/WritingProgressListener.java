package dev.skein.gateway.writing;

import java.util.List;

import dev.skein.contracts.SkeinEvent;
import dev.skein.contracts.Topics;
import dev.skein.contracts.WritingProgressed;
import dev.skein.gateway.broadcast.BroadcastListener;

import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads every progress event of every writing job and hands it to the SSE clients of this
 * instance. An event older than this process has no one following it here: a client that
 * connects later gets the job's state first.
 */
@Component
class WritingProgressListener extends BroadcastListener {

    private final WritingStreams streams;

    WritingProgressListener(ConsumerFactory<String, Object> consumers, WritingStreams streams) {
        super(consumers, "gateway-writing", List.of(Topics.WRITING_PROGRESSED));
        this.streams = streams;
    }

    @Override
    protected boolean hasFollowers() {
        return !this.streams.isEmpty();
    }

    @Override
    protected void on(SkeinEvent event) {
        if (event instanceof WritingProgressed progressed) {
            this.streams.on(progressed);
        }
    }

}
