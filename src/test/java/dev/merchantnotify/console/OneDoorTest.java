package dev.merchantnotify.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.Singleton;
import jakarta.ejb.Stateless;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.context.SessionScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The console has one door to the data (dev.merchantnotify.operator's package-info): its beans inject the operator
 * services, their own helpers, settings and the platform's clock and Faces context, never a store.
 */
class OneDoorTest {

    private static final List<String> ALLOWED = List.of("dev.merchantnotify.operator.", "dev.merchantnotify.console.",
            "jakarta.faces.", "java.time.");

    @Test
    void consoleBeansInjectOnlyTheOperatorServices() throws Exception {
        List<Class<?>> beans = consoleClasses();
        assertTrue(beans.size() >= 10, "console classes found: " + beans);
        List<String> strays = new ArrayList<>();
        for (Class<?> bean : beans) {
            for (Field field : bean.getDeclaredFields()) {
                String type = field.getType().getName();
                if (field.isAnnotationPresent(Inject.class) && !field.isAnnotationPresent(ConfigProperty.class)
                        && ALLOWED.stream().noneMatch(type::startsWith)) {
                    strays.add(bean.getSimpleName() + "." + field.getName() + " : " + type);
                }
            }
        }
        assertEquals(List.of(), strays, "console beans injecting something other than the operator services");
    }

    /**
     * Nor does any console source import a bean of another capability (a store, a registry, a queue: whatever has a
     * CDI or EJB scope) outside the operator package to use it: values (entities, enums, records, keys) are fine, and
     * so is a value nested in such a class ({@code DeliveryStats.Minute}).
     */
    @Test
    void consoleSourcesImportNoOtherCapabilitysBean() throws Exception {
        Pattern importLine = Pattern.compile("(?m)^import (dev\\.merchantnotify\\.(\\w+)\\.\\w+);");
        List<String> strays = new ArrayList<>();
        List<Path> sources;
        try (Stream<Path> files = Files.list(Path.of("src/main/java/dev/merchantnotify/console"))) {
            sources = files.filter(f -> f.toString().endsWith(".java")).toList();
        }
        assertTrue(sources.size() >= 10, "console sources found: " + sources);
        for (Path source : sources) {
            String text = Files.readString(source);
            Matcher imported = importLine.matcher(text);
            while (imported.find()) {
                if (List.of("operator", "console", "platform").contains(imported.group(2))) {
                    continue;
                }
                Class<?> type = Class.forName(imported.group(1), false, OneDoorTest.class.getClassLoader());
                String body = text.substring(imported.end());
                boolean usedItself = Pattern.compile("\\b" + type.getSimpleName() + "\\b(?!\\.[A-Z])").matcher(body)
                        .find();
                boolean bean = Arrays.stream(type.getAnnotations()).anyMatch(a -> SCOPES.contains(a.annotationType()));
                if (usedItself && bean) {
                    strays.add(source.getFileName() + " imports " + imported.group(1));
                }
            }
        }
        assertEquals(List.of(), strays, "console sources importing another capability's bean");
    }

    private static final List<Class<?>> SCOPES = List.of(ApplicationScoped.class, RequestScoped.class,
            SessionScoped.class, Dependent.class, Singleton.class, Stateless.class);

    private static List<Class<?>> consoleClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(ConsoleAccess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path dir = root.resolve("dev/merchantnotify/console");
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                classes.add(Class.forName(name, false, OneDoorTest.class.getClassLoader()));
            }
        }
        return classes;
    }
}
