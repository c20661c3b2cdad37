package dev.skein.tools;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One Kafka hop as the services make it, on a topic of its own: a producer with the
 * stack's settings (platform-defaults.properties: acks=all, idempotence, linger.ms=0) and
 * a consumer with the client's defaults (as the services' listeners), one partition, on
 * loopback. {@link #hop} is produce → consumed; the acknowledgement is waited for before
 * the next hop.
 */
final class KafkaHop implements AutoCloseable {

    private final String topic = "skein.floor-bench." + UUID.randomUUID().toString().substring(0, 8);

    private final Admin admin;

    private final KafkaProducer<String, String> producer;

    private final KafkaConsumer<String, String> consumer;

    KafkaHop(String bootstrap) throws InterruptedException, ExecutionException {
        Properties common = new Properties();
        common.put("bootstrap.servers", bootstrap);
        this.admin = Admin.create(common);
        try {
            this.admin.createTopics(List.of(new NewTopic(this.topic, 1, (short) 1))).all().get();
        }
        catch (ExecutionException ex) {
            if (!(ex.getCause() instanceof TopicExistsException)) {
                throw ex;
            }
        }
        Properties producer = new Properties();
        producer.putAll(common);
        producer.putAll(Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.LINGER_MS_CONFIG, "0"));
        this.producer = new KafkaProducer<>(producer, new StringSerializer(), new StringSerializer());
        Properties consumer = new Properties();
        consumer.putAll(common);
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(consumer, new StringDeserializer(), new StringDeserializer());
        TopicPartition partition = new TopicPartition(this.topic, 0);
        this.consumer.assign(List.of(partition));
        this.consumer.seekToEnd(List.of(partition));
        this.consumer.position(partition);
    }

    /**
     * @return milliseconds from send to the acknowledgement and to the record consumed
     */
    double[] hop(String key, String value) throws InterruptedException, ExecutionException {
        long started = System.nanoTime();
        var acknowledged = this.producer.send(new ProducerRecord<>(this.topic, key, value));
        String id = key;
        long consumed = 0;
        while (consumed == 0) {
            for (ConsumerRecord<String, String> record : this.consumer.poll(Duration.ofSeconds(5))) {
                if (record.key().equals(id)) {
                    consumed = System.nanoTime();
                }
            }
        }
        acknowledged.get();
        long ack = System.nanoTime();
        return new double[] { (ack - started) / 1e6, (consumed - started) / 1e6 };
    }

    @Override
    public void close() {
        this.consumer.close();
        this.producer.close();
        try {
            this.admin.deleteTopics(List.of(this.topic)).all().get();
        }
        catch (InterruptedException | ExecutionException ex) {
            System.out.println("  (the topic " + this.topic + " was not deleted: " + ex.getMessage() + ")");
        }
        this.admin.close();
    }

}
