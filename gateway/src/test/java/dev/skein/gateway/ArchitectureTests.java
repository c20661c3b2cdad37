package dev.skein.gateway;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

import dev.skein.testsupport.architecture.HouseRules;

/** The house rules (docs/architecture.md) on this service's main classes. */
class ArchitectureTests {

    private static final JavaClasses classes = HouseRules.mainClassesOf("gateway");

    @Test
    void featurePackagesAreFreeOfCycles() {
        HouseRules.noPackageCycles("gateway").check(classes);
    }

    @Test
    void onlyTheSharedModulesOfOtherModulesAreUsed() {
        HouseRules.onlySharedModulesImported("gateway").check(classes);
    }

}
