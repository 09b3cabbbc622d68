package dev.merchantnotify.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
