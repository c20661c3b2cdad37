package dev.skein.platform.kafka;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.core.ResolvableType;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.ProducerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class ProducerWarmupTests {

    @Test
    void createsTheSharedProducerAtStartUpAndLeavesTransactionalOnesAlone() {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        DefaultKafkaProducerFactory<String, String> plain = new DefaultKafkaProducerFactory<>(config);
        DefaultKafkaProducerFactory<String, String> transactional = new DefaultKafkaProducerFactory<>(config);
        transactional.setTransactionIdPrefix("tx-");
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("plain", plain);
        beans.addBean("transactional", transactional);
        List<ProducerFactory<?, ?>> listener = new java.util.ArrayList<>();
        plain.addListener(new ProducerFactory.Listener<>() {
            @Override
            public void producerAdded(String id, org.apache.kafka.clients.producer.Producer<String, String> producer) {
                listener.add(plain);
            }
        });

        try {
            new ProducerWarmup(beans.getBeanProvider(ResolvableType.forClass(ProducerFactory.class)))
                .afterSingletonsInstantiated();

            // the shared producer exists (no broker needed to create one) and stays open
            assertThat(listener).containsExactly(plain);
            assertThat(plain.createProducer()).isNotNull();
            assertThat(listener).hasSize(1);
        }
        finally {
            plain.destroy();
            transactional.destroy();
        }
    }

}
