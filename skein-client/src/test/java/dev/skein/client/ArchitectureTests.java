package dev.skein.client;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

import dev.skein.testsupport.architecture.HouseRules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The client is plain Java: usable from any app, with or without Spring. */
class ArchitectureTests {

    private static final JavaClasses classes = HouseRules.mainClassesOf("client");

    @Test
    void noSpringAndNoOtherSkeinModuleIsUsed() {
        noClasses().should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework..", "dev.skein.contracts..", "dev.skein.platform..")
            .because("the client is a library of apps: the public API's JSON is its only contract")
            .check(classes);
    }

}
