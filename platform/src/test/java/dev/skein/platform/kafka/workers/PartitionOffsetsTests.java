package dev.skein.platform.kafka.workers;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionOffsetsTests {

    private final PartitionOffsets<String> offsets = new PartitionOffsets<>();

    @Test
    void aRecordIsCommittableOnceEveryRecordBeforeItIsFinished() {
        this.offsets.started(10, "ack-10");
        this.offsets.started(11, "ack-11");
        this.offsets.started(12, "ack-12");

        assertThat(this.offsets.finished(12)).as("10 and 11 still run").isNull();
        assertThat(this.offsets.finished(11)).isNull();
        assertThat(this.offsets.finished(10)).as("the whole run at the head").isEqualTo("ack-12");
        assertThat(this.offsets.open()).isZero();
    }

    @Test
    void inOrderEachRecordIsCommittableAtOnce() {
        this.offsets.started(0, "ack-0");
        this.offsets.started(1, "ack-1");

        assertThat(this.offsets.finished(0)).isEqualTo("ack-0");
        assertThat(this.offsets.finished(1)).isEqualTo("ack-1");
    }

    @Test
    void aRecordThatNeverFinishesHoldsBackEveryLaterOne() {
        this.offsets.started(5, "ack-5");
        this.offsets.started(6, "ack-6");
        this.offsets.started(7, "ack-7");

        assertThat(this.offsets.finished(6)).isNull();
        assertThat(this.offsets.finished(7)).isNull();
        assertThat(this.offsets.open()).isEqualTo(3);
        assertThat(this.offsets.finished(99)).as("not handed out here").isNull();
    }

}
