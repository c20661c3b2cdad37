package dev.skein.springai;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

import dev.skein.testsupport.architecture.HouseRules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.base.DescribedPredicate.not;

/**
 * The adapter talks to Skein through the public API only: the client, nothing of the
 * services.
 */
class ArchitectureTests {

    private static final JavaClasses classes = HouseRules.mainClassesOf("springai");

    @Test
    void onlyTheClientOfSkeinIsUsed() {
        noClasses().should()
            .dependOnClassesThat(resideInAPackage("dev.skein..")
                .and(not(resideInAnyPackage("dev.skein.springai..", "dev.skein.client.."))))
            .because("an app embeds the adapter; the public API is its only contract")
            .check(classes);
    }

}
