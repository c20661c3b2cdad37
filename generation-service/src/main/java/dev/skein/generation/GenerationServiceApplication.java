package dev.skein.generation;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
// the writing jobs' lease sweep (WritingJobRunner.sweep)
@EnableScheduling
public class GenerationServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(GenerationServiceApplication.class, args);
    }

}
