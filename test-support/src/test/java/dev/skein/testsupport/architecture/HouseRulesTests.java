package dev.skein.testsupport.architecture;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each house rule fails on the fixture that breaks it (so a rule that silently checks
 * nothing shows up here) and passes on the fixture that keeps it.
 */
class HouseRulesTests {

    private static final String BAD = "dev.skein.testsupport.fixture.bad";

    private static final String GOOD = "dev.skein.testsupport.fixture.good";

    private static final List<String> SERVICES = List.of("alpha", "beta");

    private static final List<String> SHARED = List.of("shared", "contracts");

    private static final JavaClasses fixtures = new ClassFileImporter().importPackages("dev.skein.testsupport.fixture");

    @Test
    void aCycleBetweenTwoPackagesOfAServiceIsAViolation() {
        assertThat(violations(HouseRules.noPackageCycles(BAD, "alpha"))).singleElement()
            .asString()
            .contains("Cycle detected", "alpha package 'one'", "alpha package 'two'");
    }

    @Test
    void packagesOfAServiceThatDependOneWayAreNoViolation() {
        assertThat(violations(HouseRules.noPackageCycles(GOOD, "alpha"))).isEmpty();
    }

    @Test
    void aServiceUsingAClassOfAnotherServiceIsAViolation() {
        assertThat(violations(HouseRules.onlySharedModulesImported(BAD, SHARED, "alpha"))).singleElement()
            .asString()
            .contains(BAD + ".alpha.one.Planner", BAD + ".beta.BetaClient");
    }

    @Test
    void aServiceUsingOnlyItselfAndTheSharedModulesIsNoViolation() {
        assertThat(violations(HouseRules.onlySharedModulesImported(GOOD, SHARED, "alpha"))).isEmpty();
        assertThat(violations(HouseRules.onlySharedModulesImported(GOOD, SHARED, "beta"))).isEmpty();
    }

    @Test
    void aSharedModuleUsingAServiceIsAViolation() {
        assertThat(violations(HouseRules.sharedModulesIndependentOfServices(BAD, SHARED, SERVICES))).singleElement()
            .asString()
            .contains(BAD + ".shared.SharedFilter", BAD + ".beta.BetaClient");
    }

    @Test
    void sharedModulesThatKnowNoServiceAreNoViolation() {
        assertThat(violations(HouseRules.sharedModulesIndependentOfServices(GOOD, SHARED, SERVICES))).isEmpty();
    }

    @Test
    void contractsUsingSpringAreAViolation() {
        assertThat(violations(HouseRules.contractsFreeOfSpring(BAD))).singleElement()
            .asString()
            .contains(BAD + ".contracts.SpringEvent", "org.springframework.util.Assert");
    }

    @Test
    void contractsInPlainJavaAreNoViolation() {
        assertThat(violations(HouseRules.contractsFreeOfSpring(GOOD))).isEmpty();
    }

    @Test
    void theRulesOfTheServicesAreAboutTheirPackagesUnderDevSkein() {
        assertThat(HouseRules.noPackageCycles("memory").getDescription()).contains("'dev.skein.memory.(*)..'");
        assertThat(HouseRules.onlySharedModulesImported("gateway").getDescription()).contains("'dev.skein.gateway..'",
                "not in any of [dev.skein.gateway.., dev.skein.contracts.., dev.skein.platform.., dev.skein.embedding..]");
        assertThat(HouseRules.sharedModulesIndependentOfServices().getDescription()).contains("dev.skein.contracts..",
                "dev.skein.platform..", "dev.skein.retrieval..", "dev.skein.generation..");
    }

    private static List<String> violations(ArchRule rule) {
        EvaluationResult result = rule.evaluate(fixtures);
        return result.getFailureReport().getDetails();
    }

}
