package routes.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package rules of DESIGN.md as tests: dependencies run one way, from the composition root
 * and the front door down to the shared kernel and the codec.
 */
class ArchitectureTest {

    private static final String[] EVERY_CONCERN = {"routes", "routes.mcp..", "routes.discovery..", "routes.health..",
            "routes.catalog..", "routes.registry..", "routes.config..", "routes.backend..", "routes.headers..",
            "routes.auth..", "routes.authz..", "routes.demo..", "routes.ui..", "routes.overrides..", "routes.ratelimit..",
            "routes.audit..", "routes.kamelets.."};

    private static JavaClasses gateway;

    @BeforeAll
    static void importTheGateway() {
        gateway = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("routes");
    }

    @Test
    void packagesUnderRoutesHaveNoCycles() {
        slices().matching("routes.(*)..").should().beFreeOfCycles().check(gateway);
    }

    @Test
    void onlyTheCompositionRootKnowsTheFrontDoorAndTheDiscoverySources() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Composition").definedBy("routes")
                .layer("FrontDoor").definedBy("routes.mcp..")
                .layer("Discovery").definedBy("routes.discovery..")
                .layer("Health").definedBy("routes.health..")
                .layer("Catalog").definedBy("routes.catalog..")
                .layer("Registry").definedBy("routes.registry..")
                .layer("Config").definedBy("routes.config..")
                .layer("BackendClient").definedBy("routes.backend..")
                .layer("PipelineSteps").definedBy("routes.headers..", "routes.auth..")
                .layer("Authorization").definedBy("routes.authz..")
                .layer("Secrets").definedBy("routes.secrets..")
                .layer("Kernel").definedBy("routes.kernel..")
                .layer("Codec").definedBy("routes.protocol..")
                .layer("Demo").definedBy("routes.demo..")
                .layer("StatusPage").definedBy("routes.ui..")
                .layer("Telemetry").definedBy("routes.telemetry..")
                .layer("Overrides").definedBy("routes.overrides..")
                .layer("Guards").definedBy("routes.ratelimit..", "routes.audit..")
                .layer("Kamelets").definedBy("routes.kamelets..")
                .whereLayer("FrontDoor").mayOnlyBeAccessedByLayers("Composition")
                .whereLayer("Discovery").mayOnlyBeAccessedByLayers("Composition")
                .whereLayer("Health").mayOnlyBeAccessedByLayers("Composition", "FrontDoor", "StatusPage")
                .whereLayer("Catalog").mayOnlyBeAccessedByLayers("Composition", "FrontDoor", "Health", "StatusPage")
                .whereLayer("PipelineSteps").mayOnlyBeAccessedByLayers("Composition", "Discovery", "Kamelets")
                .whereLayer("Authorization").mayOnlyBeAccessedByLayers("Composition", "FrontDoor", "Config")
                .whereLayer("Demo").mayOnlyBeAccessedByLayers("Composition")
                .whereLayer("StatusPage").mayOnlyBeAccessedByLayers("Composition")
                .whereLayer("Telemetry").mayOnlyBeAccessedByLayers("Composition")
                .whereLayer("Overrides").mayOnlyBeAccessedByLayers("Composition")
                .whereLayer("Guards").mayOnlyBeAccessedByLayers("Composition", "FrontDoor")
                .whereLayer("Kamelets").mayNotBeAccessedByAnyLayer()
                .check(gateway);
    }

    @Test
    void theCodecDependsOnNothingOfTheGateway() {
        noClasses().that().resideInAPackage("routes.protocol..")
                .should().dependOnClassesThat().resideInAnyPackage(with(EVERY_CONCERN, "routes.kernel..", "routes.secrets.."))
                .check(gateway);
    }

    @Test
    void theKernelKnowsOnlySecretReferencesAndTheCodec() {
        noClasses().that().resideInAPackage("routes.kernel..")
                .should().dependOnClassesThat().resideInAnyPackage(EVERY_CONCERN)
                .check(gateway);
    }

    @Test
    void theRegistryKnowsOnlyTheKernel() {
        noClasses().that().resideInAPackage("routes.registry..")
                .should().dependOnClassesThat().resideInAnyPackage(without(EVERY_CONCERN, "routes.registry.."))
                .check(gateway);
    }

    @Test
    void pipelineStepsKnowOnlyTheCamelMessageAndTheKernel() {
        // a step reads the documented exchange properties and edits headers: it never reaches into
        // the backend client, the front door or the gateway's state
        noClasses().that().resideInAnyPackage("routes.headers..", "routes.auth..")
                .should().dependOnClassesThat().resideInAnyPackage("routes.backend..", "routes.mcp..", "routes.catalog..",
                        "routes.health..", "routes.registry..", "routes.discovery..", "routes.config..")
                .check(gateway);
    }

    @Test
    void authorizationDecidesFromTheCallerAloneAndKnowsNoFlow() {
        // a policy sees the caller (kernel) and what it is asked about; it never reaches the front
        // door, the catalog or the config it came from
        noClasses().that().resideInAPackage("routes.authz..")
                .should().dependOnClassesThat().resideInAnyPackage(without(EVERY_CONCERN, "routes.authz.."))
                .check(gateway);
    }

    @Test
    void theConfigModelDoesNotKnowTheRuntime() {
        noClasses().that().resideInAPackage("routes.config..")
                .should().dependOnClassesThat().resideInAnyPackage("routes", "routes.mcp..", "routes.catalog..",
                        "routes.health..", "routes.registry..", "routes.discovery..")
                .check(gateway);
    }

    @Test
    void rateLimitsAndTheAuditLogKnowOnlyTheirConfigTheKernelAndTheCodec() {
        // the front door hands them what they need (a caller, a tool name, an audit entry)
        noClasses().that().resideInAnyPackage("routes.ratelimit..", "routes.audit..")
                .should().dependOnClassesThat().resideInAnyPackage(without(without(without(EVERY_CONCERN, "routes.config.."),
                        "routes.ratelimit.."), "routes.audit.."))
                .check(gateway);
    }

    @Test
    void theKameletStepsKnowOnlyThePipelineStepsTheKernelAndTheCodec() {
        // the Kamelets run in any Camel application: the header rules and the token endpoint call of
        // the pipeline steps, a client of their own, none of the gateway's state
        noClasses().that().resideInAPackage("routes.kamelets..")
                .should().dependOnClassesThat().resideInAnyPackage(with(without(without(without(EVERY_CONCERN,
                        "routes.kamelets.."), "routes.headers.."), "routes.auth.."), "routes.secrets.."))
                .check(gateway);
    }

    @Test
    void theDemoBackendsAreAStandaloneServer() {
        noClasses().that().resideInAPackage("routes.demo..")
                .should().dependOnClassesThat().resideInAnyPackage(with(without(EVERY_CONCERN, "routes.demo.."),
                        "routes.kernel..", "routes.secrets.."))
                .check(gateway);
    }

    private static String[] with(String[] packages, String... more) {
        String[] all = java.util.Arrays.copyOf(packages, packages.length + more.length);
        System.arraycopy(more, 0, all, packages.length, more.length);
        return all;
    }

    private static String[] without(String[] packages, String one) {
        return java.util.Arrays.stream(packages).filter(p -> !p.equals(one)).toArray(String[]::new);
    }
}
