package dev.latchkey.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A module's public surface: the public top-level types compiled into it, compared with the list
 * of those it means to have, checked in beside its tests. A type that turns public by mistake, or
 * an API type that goes, fails the module's build with the difference.
 */
public final class PublicApi {

    private PublicApi() {
    }

    /**
     * Fails unless the public top-level types of the module that holds {@code anchor} are exactly
     * those listed in the class-path resource {@code listing} (one fully qualified name a line;
     * blank lines and lines starting with {@code #} are ignored).
     */
    public static void assertMatches(Class<?> anchor, String listing) {
        TreeSet<String> actual = new TreeSet<>(publicTypesBeside(anchor));
        TreeSet<String> expected = new TreeSet<>(listed(anchor, listing));
        List<String> added = actual.stream().filter(t -> !expected.contains(t)).toList();
        List<String> gone = expected.stream().filter(t -> !actual.contains(t)).toList();
        if (!added.isEmpty() || !gone.isEmpty()) {
            StringBuilder message = new StringBuilder("The public surface differs from ").append(listing).append(":\n");
            added.forEach(t -> message.append("  + ").append(t)
                    .append("   (public now: make it package-private, or list it if it is API)\n"));
            gone.forEach(t -> message.append("  - ").append(t)
                    .append("   (listed but not public: an API type went, or the list is out of date)\n"));
            throw new AssertionError(message.toString());
        }
    }

    /** The public top-level types compiled into the class directory or jar that holds {@code anchor}. */
    public static List<String> publicTypesBeside(Class<?> anchor) {
        Path root;
        try {
            root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (Files.isDirectory(root)) {
            return publicTypesUnder(root, anchor.getClassLoader());
        }
        try (FileSystem jar = FileSystems.newFileSystem(root, Map.of())) {
            return publicTypesUnder(jar.getPath("/"), anchor.getClassLoader());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> publicTypesUnder(Path root, ClassLoader loader) {
        List<String> types = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String relative = root.relativize(file).toString().replace('\\', '/');
                if (!relative.endsWith(".class") || relative.contains("$") || relative.startsWith("META-INF/")
                        || relative.endsWith("package-info.class") || relative.endsWith("module-info.class")) {
                    continue;
                }
                String name = relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
                if (Modifier.isPublic(Class.forName(name, false, loader).getModifiers())) {
                    types.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        return types.stream().sorted().toList();
    }

    private static List<String> listed(Class<?> anchor, String listing) {
        try (InputStream in = anchor.getClassLoader().getResourceAsStream(listing)) {
            if (in == null) {
                throw new IllegalStateException("No " + listing + " on the test class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
