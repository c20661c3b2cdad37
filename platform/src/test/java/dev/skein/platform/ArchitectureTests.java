package dev.skein.platform;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

import dev.skein.testsupport.architecture.HouseRules;

/** The house rules (docs/architecture.md) on the shared plumbing. */
class ArchitectureTests {

    private static final JavaClasses classes = HouseRules.mainClassesOf("platform");

    @Test
    void noServiceIsUsed() {
        HouseRules.sharedModulesIndependentOfServices().check(classes);
    }

}
