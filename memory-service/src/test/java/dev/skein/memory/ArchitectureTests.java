package dev.skein.memory;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

import dev.skein.testsupport.architecture.HouseRules;

/** The house rules (docs/architecture.md) on this service's main classes. */
class ArchitectureTests {

    private static final JavaClasses classes = HouseRules.mainClassesOf("memory");

    @Test
    void featurePackagesAreFreeOfCycles() {
        HouseRules.noPackageCycles("memory").check(classes);
    }

    @Test
    void onlyTheSharedModulesOfOtherModulesAreUsed() {
        HouseRules.onlySharedModulesImported("memory").check(classes);
    }

}
