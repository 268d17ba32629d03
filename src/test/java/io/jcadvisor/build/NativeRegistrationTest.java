package io.jcadvisor.build;

import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import io.jcadvisor.api.ApiHandlers;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.FileSystems;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the native build needs declared up front: every type Jackson reads or writes is registered
 * for reflection, and every class-path resource the agent loads at run time is included in the
 * image. The JVM build works without either, so only this test (and a native binary) notices.
 */
class NativeRegistrationTest {

    private static final String ROOT = "io.jcadvisor";

    @Test
    void everyJsonModelTypeIsRegisteredForReflection() {
        Set<Class<?>> covered = registeredTypes();
        Map<String, String> missing = new TreeMap<>();
        jsonTypes().forEach((type, why) -> {
            if (!covered.contains(type)) {
                missing.put(type.getName(), why);
            }
        });
        assertThat(missing)
                .as("JSON types without @RegisterForReflection (type -> why it is a JSON type)")
                .isEmpty();
    }

    @Test
    void jsonTypeScanFindsTheKnownModelTypes() {
        // Guards the scan itself: if it found nothing, the test above would pass vacuously.
        assertThat(jsonTypes().keySet()).contains(
                io.jcadvisor.info.v1.ContainerInfo.class,
                io.jcadvisor.info.v1.MachineInfo.class,
                io.jcadvisor.info.v1.Event.class,
                io.jcadvisor.info.v2.ContainerInfo.class,
                io.jcadvisor.info.v2.ProcessInfo.class,
                io.jcadvisor.info.v1.Uint64Serializer.class);
    }

    @Test
    void everyResourceLoadedAtRunTimeIsIncludedInTheNativeImage() throws IOException {
        List<String> includes = resourceIncludes();
        PathMatcher[] matchers = includes.stream()
                .map(glob -> FileSystems.getDefault().getPathMatcher("glob:" + glob))
                .toArray(PathMatcher[]::new);
        Map<String, String> unregistered = new TreeMap<>();
        resourceLoads().forEach((location, resource) -> {
            if (resource == null) {
                unregistered.put(location, "resource name is not a string literal: cannot be checked");
            } else if (Arrays.stream(matchers).noneMatch(m -> m.matches(Path.of(resource)))) {
                unregistered.put(location, resource + " not matched by quarkus.native.resources.includes="
                        + String.join(",", includes));
            }
        });
        assertThat(unregistered).as("resources loaded at run time but not registered").isEmpty();
    }

    @Test
    void resourceLoadScanFindsLiteralNames() {
        // Guards the regular expression the resource check relies on.
        Matcher m = RESOURCE_LOAD.matcher("Foo.class.getResourceAsStream(\"/golden/a.json\")");
        assertThat(m.find()).isTrue();
        assertThat(m.group(2)).isEqualTo("/golden/a.json");
        assertThat(normalise(m.group(2))).isEqualTo("golden/a.json");
    }

    // --- JSON types ---------------------------------------------------------------------------

    /**
     * The types Jackson touches, each with the reason it counts: records and enums of the
     * {@code info.v1}/{@code info.v2} model; any agent type carrying a Jackson annotation (the
     * Docker API records, the serialisers they name); the entity types the API handlers return;
     * and, transitively, the agent types reachable through their record components and fields.
     */
    static Map<Class<?>, String> jsonTypes() {
        Map<Class<?>, String> found = new LinkedHashMap<>();
        Deque<Class<?>> work = new ArrayDeque<>();
        for (Class<?> c : CompiledClasses.all()) {
            String why = null;
            boolean model = c.getPackageName().equals(ROOT + ".info.v1") || c.getPackageName().equals(ROOT + ".info.v2");
            if (model && (c.isRecord() || c.isEnum())) {
                why = "model record/enum in " + c.getPackageName();
            } else if (JsonSerializer.class.isAssignableFrom(c) || JsonDeserializer.class.isAssignableFrom(c)) {
                why = "Jackson serialiser, instantiated reflectively";
            } else if (carriesJacksonAnnotation(c)) {
                why = "carries Jackson annotations";
            }
            if (why != null && found.putIfAbsent(c, why) == null) {
                work.add(c);
            }
        }
        Set<String> entityMethods = handlerCallsOfApiDispatcher();
        for (Method m : ApiHandlers.class.getMethods()) {
            if (m.getDeclaringClass() == ApiHandlers.class && entityMethods.contains(m.getName())) {
                for (Class<?> c : agentTypesIn(m.getGenericReturnType())) {
                    if (found.putIfAbsent(c, "returned by ApiHandlers." + m.getName() + "() as a JSON entity") == null) {
                        work.add(c);
                    }
                }
            }
        }
        while (!work.isEmpty()) {
            Class<?> c = work.pop();
            for (Type t : memberTypes(c)) {
                for (Class<?> d : agentTypesIn(t)) {
                    if (found.putIfAbsent(d, "reachable from " + c.getName()) == null) {
                        work.add(d);
                    }
                }
            }
        }
        return found;
    }

    /**
     * The {@link ApiHandlers} methods whose results {@code ApiDispatcher} hands to Jackson: its
     * answers are typed {@code Object}, so the handler calls and method references in its source name them.
     */
    private static Set<String> handlerCallsOfApiDispatcher() {
        Path source = SourceFiles.project().resolve("src/main/java/io/jcadvisor/api/ApiDispatcher.java");
        Set<String> out = new HashSet<>();
        try {
            Matcher m = Pattern.compile("\\bhandlers(?:\\.(\\w+)\\(|::(\\w+))")
                    .matcher(SourceFiles.code(Files.readString(source)));
            while (m.find()) {
                out.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(out).as("handler calls in " + source).contains("machine", "containerInfo", "docker", "statsV21");
        return out;
    }

    private static boolean carriesJacksonAnnotation(Class<?> c) {
        if (isJackson(c)) {
            return true;
        }
        Stream<AnnotatedElement> members = Stream.of(
                Arrays.stream(c.getDeclaredFields()),
                Arrays.stream(c.getDeclaredMethods()),
                Arrays.stream(c.getDeclaredConstructors()).flatMap(k -> Arrays.stream(k.getParameters())),
                c.isRecord() ? Arrays.stream(c.getRecordComponents()) : Stream.<AnnotatedElement>empty())
                .flatMap(s -> s);
        return members.anyMatch(NativeRegistrationTest::isJackson);
    }

    private static boolean isJackson(AnnotatedElement e) {
        for (Annotation a : e.getDeclaredAnnotations()) {
            if (a.annotationType().getPackageName().startsWith("com.fasterxml.jackson")) {
                return true;
            }
        }
        return false;
    }

    /** What Jackson walks into: record components, else instance fields and public getters. */
    private static List<Type> memberTypes(Class<?> c) {
        if (c.isRecord()) {
            return Arrays.stream(c.getRecordComponents()).map(RecordComponent::getGenericType).toList();
        }
        if (c.isEnum() || JsonSerializer.class.isAssignableFrom(c) || JsonDeserializer.class.isAssignableFrom(c)) {
            return List.of();
        }
        Stream<Type> fields = Arrays.stream(c.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()) && !f.isSynthetic())
                .map(Field::getGenericType);
        Stream<Type> getters = Arrays.stream(c.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers())
                        && m.getParameterCount() == 0 && m.getName().matches("(get|is)[A-Z].*"))
                .map(Method::getGenericReturnType);
        return Stream.concat(fields, getters).toList();
    }

    /** The agent's own classes named anywhere in a (generic) type. */
    private static Set<Class<?>> agentTypesIn(Type type) {
        Set<Class<?>> out = new HashSet<>();
        collect(type, out, new HashSet<>());
        return out;
    }

    private static void collect(Type type, Set<Class<?>> out, Set<Type> seen) {
        if (!seen.add(type)) {
            return;
        }
        if (type instanceof Class<?> c) {
            if (c.isArray()) {
                collect(c.getComponentType(), out, seen);
            } else if (c.getName().startsWith(ROOT + ".")) {
                out.add(c);
            }
        } else if (type instanceof ParameterizedType p) {
            collect(p.getRawType(), out, seen);
            for (Type a : p.getActualTypeArguments()) {
                collect(a, out, seen);
            }
        } else if (type instanceof GenericArrayType g) {
            collect(g.getGenericComponentType(), out, seen);
        } else if (type instanceof WildcardType w) {
            Stream.concat(Arrays.stream(w.getUpperBounds()), Arrays.stream(w.getLowerBounds()))
                    .forEach(b -> collect(b, out, seen));
        } else if (type instanceof TypeVariable<?> v) {
            Arrays.stream(v.getBounds()).forEach(b -> collect(b, out, seen));
        }
    }

    /**
     * Types the native build keeps for reflection: annotated ones, their nested classes (unless
     * {@code ignoreNested}), and the {@code targets}/{@code classNames} of registration classes.
     */
    private static Set<Class<?>> registeredTypes() {
        Set<Class<?>> out = new HashSet<>();
        List<Class<?>> all = CompiledClasses.all();
        for (Class<?> c : all) {
            RegisterForReflection r = c.getAnnotation(RegisterForReflection.class);
            if (r == null) {
                continue;
            }
            if (r.targets().length == 0 && r.classNames().length == 0) {
                out.add(c);
                if (!r.ignoreNested()) {
                    all.stream().filter(n -> isNestedIn(n, c)).forEach(out::add);
                }
            }
            out.addAll(Arrays.asList(r.targets()));
            for (String name : r.classNames()) {
                all.stream().filter(n -> n.getName().equals(name)).forEach(out::add);
            }
        }
        return out;
    }

    private static boolean isNestedIn(Class<?> c, Class<?> outer) {
        for (Class<?> e = c.getEnclosingClass(); e != null; e = e.getEnclosingClass()) {
            if (e == outer) {
                return true;
            }
        }
        return false;
    }

    // --- resources ----------------------------------------------------------------------------

    /** {@code getResource("x")}, {@code getResourceAsStream("x")}, {@code getSystemResource…("x")}. */
    private static final Pattern RESOURCE_LOAD =
            Pattern.compile("\\bget(?:System)?Resources?(?:AsStream)?\\s*\\(\\s*(\"([^\"]*)\")?");

    /** Each run-time resource load in src/main/java ({@code file:line}) with its literal name, or null. */
    private static Map<String, String> resourceLoads() throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (SourceFiles.Source source : SourceFiles.main()) {
            String[] lines = source.text().split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher m = RESOURCE_LOAD.matcher(lines[i]);
                while (m.find()) {
                    out.put(source.relativePath() + ":" + (i + 1), m.group(2) == null ? null : normalise(m.group(2)));
                }
            }
        }
        return out;
    }

    /** Class-relative names are rare here; a leading slash names the class-path root. */
    private static String normalise(String resource) {
        return resource.startsWith("/") ? resource.substring(1) : resource;
    }

    private static List<String> resourceIncludes() throws IOException {
        Properties p = new Properties();
        try (var in = Files.newInputStream(CompiledClasses.directory().resolve("application.properties"))) {
            p.load(in);
        }
        String includes = p.getProperty("quarkus.native.resources.includes", "");
        return Arrays.stream(includes.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
