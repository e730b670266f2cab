package routes.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package rules of DESIGN.md as tests: dependencies run one way, from the composition root
 * and the front door down to the shared kernel and the codec. Each rule reads as the design says it.
 */
class ArchitectureTest {

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
    void dependenciesRunFromTheFrontDoorDownToTheKernel() {
        ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Composition").definedBy("routes")
                .layer("FrontDoor").definedBy("routes.mcp..")
                .layer("Discovery").definedBy("routes.discovery..")
                .layer("Health").definedBy("routes.health..")
                .layer("Catalog").definedBy("routes.catalog..")
                .layer("Registry").definedBy("routes.registry..")
                .layer("Config").definedBy("routes.config..")
                .layer("BackendClient").definedBy("routes.backend..")
                .layer("PipelineSteps").definedBy("routes.headers..", "routes.auth..")
                .layer("Secrets").definedBy("routes.secrets..")
                .layer("Kernel").definedBy("routes.kernel..")
                .layer("Codec").definedBy("routes.protocol..")
                .layer("Demo").definedBy("routes.demo..")
                .whereLayer("FrontDoor").mayOnlyBeAccessedByLayers("Composition")
                .whereLayer("Discovery").mayOnlyBeAccessedByLayers("Composition")
                .whereLayer("Health").mayOnlyBeAccessedByLayers("Composition", "FrontDoor")
                .whereLayer("Catalog").mayOnlyBeAccessedByLayers("Composition", "FrontDoor", "Health", "Discovery")
                .whereLayer("PipelineSteps").mayOnlyBeAccessedByLayers("Composition", "Discovery")
                .whereLayer("Demo").mayOnlyBeAccessedByLayers("Composition");
        layers.check(gateway);
    }

    @Test
    void theKernelAndTheCodecDependOnNothingOfTheGateway() {
        noClasses().that().resideInAPackage("routes.protocol..")
                .should().dependOnClassesThat().resideInAnyPackage("routes", "routes.kernel..", "routes.backend..",
                        "routes.mcp..", "routes.catalog..", "routes.health..", "routes.discovery..", "routes.config..",
                        "routes.registry..", "routes.headers..", "routes.auth..", "routes.secrets..", "routes.demo..")
                .check(gateway);
        noClasses().that().resideInAPackage("routes.kernel..")
                .should().dependOnClassesThat().resideInAnyPackage("routes", "routes.backend..", "routes.mcp..",
                        "routes.catalog..", "routes.health..", "routes.discovery..", "routes.config..", "routes.registry..",
                        "routes.headers..", "routes.auth..", "routes.demo..")
                .check(gateway);
    }

    @Test
    void pipelineStepsKnowOnlyTheCamelMessageAndTheKernel() {
        // a step reads the documented exchange properties and edits headers: it never reaches into the client
        noClasses().that().resideInAnyPackage("routes.headers..", "routes.auth..")
                .should().dependOnClassesThat().resideInAnyPackage("routes.backend..", "routes.mcp..", "routes.catalog..",
                        "routes.health..", "routes.registry..")
                .check(gateway);
    }

    @Test
    void theDemoBackendsAreAStandaloneServer() {
        noClasses().that().resideInAPackage("routes.demo..")
                .should().dependOnClassesThat().resideInAnyPackage("routes.kernel..", "routes.backend..", "routes.mcp..",
                        "routes.catalog..", "routes.health..", "routes.discovery..", "routes.config..", "routes.registry..",
                        "routes.headers..", "routes.auth..", "routes.secrets..")
                .check(gateway);
    }
}
