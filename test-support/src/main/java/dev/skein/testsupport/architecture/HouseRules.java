package dev.skein.testsupport.architecture;

import java.util.ArrayList;
import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceRule;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The house rules the build checks, as ArchUnit rules. Each service's
 * {@code ArchitectureTests} checks its own main classes against
 * {@link #noPackageCycles(String)} and {@link #onlySharedModulesImported(String)};
 * contracts and platform check {@link #sharedModulesIndependentOfServices()}, contracts
 * also {@link #contractsFreeOfSpring()}.
 * <p>
 * Every rule has a package-private twin that takes the root package, so that
 * {@code HouseRulesTests} can show each one failing on deliberately bad fixture classes.
 */
public final class HouseRules {

    /** The package every module's code lives under. */
    static final String ROOT = "dev.skein";

    /**
     * The services, by the package under {@code dev.skein} that holds each one's code.
     */
    public static final List<String> SERVICES = List.of("gateway", "memory", "retrieval", "generation");

    /**
     * What the services share: the event records, the shared plumbing and the in-process
     * embedding model (a library without Spring, used by the retrieval-service and the
     * floor benchmark), nothing else.
     */
    public static final List<String> SHARED = List.of("contracts", "platform", "embedding");

    private HouseRules() {
    }

    /**
     * The main classes of one module ({@code memory} for dev.skein.memory), without its
     * tests.
     */
    public static JavaClasses mainClassesOf(String module) {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT + "." + module);
    }

    /**
     * (a) No cycle between the feature packages of a service: a slice is the first
     * package under dev.skein.&lt;service&gt; with everything below it. Classes directly
     * in dev.skein.&lt;service&gt; (the application class, the properties record) belong
     * to no slice.
     */
    public static SliceRule noPackageCycles(String service) {
        return noPackageCycles(ROOT, service);
    }

    static SliceRule noPackageCycles(String root, String service) {
        return slices().matching(root + "." + service + ".(*)..")
            .namingSlices(service + " package '$1'")
            .should()
            .beFreeOfCycles()
            .because("a cycle makes two features one that cannot be understood, tested or moved apart");
    }

    /**
     * (b) A service uses only its own packages and the shared modules (contracts and
     * platform) of dev.skein, never another service's classes: the services talk through
     * Kafka events and internal HTTP only.
     */
    public static ArchRule onlySharedModulesImported(String service) {
        return onlySharedModulesImported(ROOT, SHARED, service);
    }

    static ArchRule onlySharedModulesImported(String root, List<String> shared, String service) {
        List<String> allowed = new ArrayList<>();
        allowed.add(root + "." + service + "..");
        shared.forEach(module -> allowed.add(root + "." + module + ".."));
        return noClasses().that()
            .resideInAPackage(root + "." + service + "..")
            .should()
            .dependOnClassesThat(
                    resideInAPackage(root + "..").and(not(resideInAnyPackage(allowed.toArray(String[]::new))))
                        .as("reside in '" + root + "..' but not in any of " + allowed))
            .because("services share only contracts (events), platform (plumbing) and embedding (the model); "
                    + "anything else couples two deployments");
    }

    /**
     * (c) Neither contracts nor platform depends on a service: every service builds on
     * them, not the reverse.
     */
    public static ArchRule sharedModulesIndependentOfServices() {
        return sharedModulesIndependentOfServices(ROOT, SHARED, SERVICES);
    }

    static ArchRule sharedModulesIndependentOfServices(String root, List<String> shared, List<String> services) {
        return noClasses().that()
            .resideInAnyPackage(packages(root, shared))
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(packages(root, services))
            .because("the shared modules sit under all services and must not know any of them");
    }

    /**
     * (d) contracts uses no Spring class: the event records are plain Java that any
     * consumer can read.
     */
    public static ArchRule contractsFreeOfSpring() {
        return contractsFreeOfSpring(ROOT);
    }

    static ArchRule contractsFreeOfSpring(String root) {
        return noClasses().that()
            .resideInAPackage(root + ".contracts..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.springframework..")
            .because("the event records are the wire format, readable without Spring");
    }

    private static String[] packages(String root, List<String> modules) {
        return modules.stream().map(module -> root + "." + module + "..").toArray(String[]::new);
    }

}
