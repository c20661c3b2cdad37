package dev.skein.contracts;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

import dev.skein.testsupport.architecture.HouseRules;

/** The house rules (docs/architecture.md) on the event records. */
class ArchitectureTests {

    private static final JavaClasses classes = HouseRules.mainClassesOf("contracts");

    @Test
    void noServiceIsUsed() {
        HouseRules.sharedModulesIndependentOfServices().check(classes);
    }

    @Test
    void noSpringIsUsed() {
        HouseRules.contractsFreeOfSpring().check(classes);
    }

}
