package io.jcadvisor.build;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;

import java.util.List;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package rules of docs/architecture.md, checked on the compiled main classes. Java, unlike Go,
 * compiles an import cycle without a word, so this test is what keeps the layers one-way.
 *
 * <pre>
 *   faces      api, metrics, web, validate, edge (the HTTP edge's filters and limits)
 *   manager    manager
 *   runtimes   container.*, and the collectors oom, perf, resctrl, app, storage, summary, events, cache
 *   readers    cgroup, proc, fs, machine
 *   host       host: the only package that touches files
 *   at the side: info.* (records) and config, which import nothing of ours but host
 * </pre>
 */
@AnalyzeClasses(packages = "io.jcadvisor", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "io.jcadvisor";

    /** The runtimes: one package each. None imports another. */
    static final List<String> RUNTIMES = List.of("raw", "docker", "podman", "containerd", "systemd");

    /**
     * The packages under {@code container} that are not runtimes: what several runtimes share.
     * {@code container.engineapi} is the Docker Engine API (client, inspect, handler) that both
     * dockerd and Podman's compat service speak.
     */
    static final List<String> RUNTIME_SHARED = List.of("engine");

    /** The HTTP edge: the only packages that may use JAX-RS. */
    private static final String[] FACES = {pkg("api"), pkg("metrics"), pkg("web"), pkg("validate"), pkg("edge")};

    /** Every package is in a layer, so a new one has to be placed before the rules check it. */
    @ArchTest
    static final ArchRule everyPackageHasALayer = classes().should().resideInAnyPackage(
            Stream.concat(Stream.of(ROOT), Stream.concat(Stream.of(FACES), Stream.of("manager", "container", "oom",
                    "perf", "resctrl", "app", "storage", "summary", "events", "cache", "cgroup", "proc", "fs",
                    "machine", "host", "info", "config").map(ArchitectureTest::pkg))).toArray(String[]::new))
            .as("every package is in a layer of ArchitectureTest (the root package holds only Main)");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching(ROOT + ".(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule layersPointOneWay = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("faces").definedBy(FACES)
            .layer("manager").definedBy(pkg("manager"))
            .layer("runtimes and collectors").definedBy(pkg("container"), pkg("oom"), pkg("perf"),
                    pkg("resctrl"), pkg("app"), pkg("storage"), pkg("summary"), pkg("events"), pkg("cache"))
            .layer("host readers").definedBy(pkg("cgroup"), pkg("proc"), pkg("fs"), pkg("machine"))
            .layer("host").definedBy(pkg("host"))
            .layer("records").definedBy(pkg("info"))
            .layer("config").definedBy(pkg("config"))
            .whereLayer("faces").mayNotBeAccessedByAnyLayer()
            .whereLayer("manager").mayOnlyBeAccessedByLayers("faces")
            .whereLayer("runtimes and collectors").mayOnlyBeAccessedByLayers("faces", "manager")
            .whereLayer("host readers").mayOnlyBeAccessedByLayers("faces", "manager", "runtimes and collectors")
            .whereLayer("host").mayOnlyBeAccessedByLayers("faces", "manager", "runtimes and collectors",
                    "host readers", "config")
            // records and config sit at the side: everyone may use them, they use nothing of ours
            .whereLayer("records").mayOnlyBeAccessedByLayers("faces", "manager", "runtimes and collectors",
                    "host readers", "config")
            .whereLayer("config").mayOnlyBeAccessedByLayers("faces", "manager", "runtimes and collectors",
                    "host readers");

    @ArchTest
    static final ArchRule recordsAndConfigImportOnlyHost = noClasses()
            .that().resideInAnyPackage(pkg("info"), pkg("config"))
            .should().dependOnClassesThat(ours().and(notIn(pkg("info"), pkg("config"), pkg("host"))))
            .as("records (info.*) and config import nothing of ours but host");

    @ArchTest
    static final ArchRule hostImportsNothingOfOurs = noClasses().that().resideInAPackage(pkg("host"))
            .should().dependOnClassesThat(ours().and(notIn(pkg("host"))));

    @ArchTest
    static final ArchRule noRuntimeImportsAnother = CompositeArchRule.of(RUNTIMES.stream()
            .map(runtime -> (ArchRule) noClasses().that().resideInAPackage(pkg("container." + runtime))
                    .should().dependOnClassesThat().resideInAnyPackage(RUNTIMES.stream()
                            .filter(other -> !other.equals(runtime))
                            .map(other -> pkg("container." + other)).toArray(String[]::new)))
            .toList()).as("no runtime package imports another");

    @ArchTest
    static final ArchRule everyRuntimePackageIsListed = classes().that().resideInAPackage(pkg("container"))
            .should().resideInAnyPackage(Stream.concat(Stream.of(ROOT + ".container"),
                    Stream.concat(RUNTIMES.stream(), RUNTIME_SHARED.stream()).map(p -> pkg("container." + p)))
                    .toArray(String[]::new))
            .as("every package under container is a runtime or a shared part listed in ArchitectureTest");

    /**
     * The seam: a {@code Path} never leaves {@code host}, so {@code cadvisor.host.root} (the DaemonSet's
     * {@code /rootfs}) applies to every read, and a test points the agent at a fixture tree.
     */
    @ArchTest
    static final ArchRule onlyHostTouchesFiles = noClasses().that().resideOutsideOfPackage(pkg("host"))
            .should().dependOnClassesThat().resideInAPackage("java.nio.file..")
            .orShould().dependOnClassesThat().belongToAnyOf(java.io.File.class, java.io.FileInputStream.class,
                    java.io.FileOutputStream.class, java.io.FileReader.class, java.io.FileWriter.class,
                    java.io.RandomAccessFile.class)
            .as("only io.jcadvisor.host touches files (java.nio.file, java.io.File*)");

    @ArchTest
    static final ArchRule nothingBelowTheHttpEdgeImportsJaxRs = noClasses()
            .that().resideOutsideOfPackages(FACES)
            .should().dependOnClassesThat().resideInAPackage("jakarta.ws.rs..");

    /** Native-ready: no JNA, no JNI, so the native image needs no native libraries. */
    @ArchTest
    static final ArchRule noJna = noClasses().should().dependOnClassesThat().resideInAPackage("com.sun.jna..");

    @ArchTest
    static final ArchRule noNativeMethods = methods().that().areDeclaredInClassesThat().resideInAPackage(ROOT + "..")
            .should().notHaveModifier(JavaModifier.NATIVE).allowEmptyShould(true);

    @ArchTest
    static final ArchRule noNativeLibraries = noClasses().should().callMethod(System.class, "loadLibrary", String.class)
            .orShould().callMethod(System.class, "load", String.class)
            .orShould().callMethod(Runtime.class, "loadLibrary", String.class)
            .orShould().callMethod(Runtime.class, "load", String.class);

    private static String pkg(String name) {
        return ROOT + "." + name + "..";
    }

    private static DescribedPredicate<JavaClass> ours() {
        return JavaClass.Predicates.resideInAPackage(ROOT + "..");
    }

    private static DescribedPredicate<JavaClass> notIn(String... packages) {
        return DescribedPredicate.not(JavaClass.Predicates.resideInAnyPackage(packages));
    }
}
