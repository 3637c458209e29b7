package io.labelgate;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The packages depend one way only, each on those below it (docs/architecture.md, "Packages"):
 * {@code json ← selector ← token ← decision ← registry ← app ← http ← metrics ← config ← console ← bundle ←
 * cdi ← io.labelgate}. A class that reaches up — the registry borrowing the decision engine's
 * mapper, the decision input borrowing the app's identity — fails here, with the offending
 * dependency named.
 */
class PackageDependenciesTest {

    /** Bottom to top: a package may use those before it in this list, never those after it. */
    static final List<String> ORDER = List.of(
            "json",
            "selector",
            "token",
            "decision",
            "registry",
            "app",
            "http",
            "metrics",
            "config",
            "console",
            "bundle",
            "cdi");

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.labelgate");

    @Test
    void everyPackageDependsOnlyOnThoseBelowIt() {
        LayeredArchitecture layers = layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("root")
                .definedBy("io.labelgate");
        for (String name : ORDER) {
            layers = layers.layer(name).definedBy("io.labelgate." + name + "..");
        }
        for (int i = 0; i < ORDER.size(); i++) {
            List<String> above = ORDER.subList(i + 1, ORDER.size());
            String[] users = new String[above.size() + 1];
            for (int j = 0; j < above.size(); j++) {
                users[j] = above.get(j);
            }
            users[above.size()] = "root";
            layers = layers.whereLayer(ORDER.get(i)).mayOnlyBeAccessedByLayers(users);
        }
        layers = layers.whereLayer("root").mayNotBeAccessedByAnyLayer();
        layers.check(MAIN);
    }

    @Test
    void noPackagesDependOnEachOtherInACycle() {
        slices().matching("io.labelgate.(*)..").should().beFreeOfCycles().check(MAIN);
    }
}
