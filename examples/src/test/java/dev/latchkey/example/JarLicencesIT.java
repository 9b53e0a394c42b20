package dev.latchkey.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The runnable jar redistributes its libraries, so their licences and NOTICE files travel with it
 * (Apache-2.0 section 4(d)), merged into one of each beside Latchkey's own.
 */
class JarLicencesIT {

    @Test
    void theJarCarriesLatchkeysAndEveryBundledLibrarysLicenceAndNotice() throws IOException {
        try (JarFile jar = new JarFile(RunningApp.jar().toFile())) {
            String notice = read(jar, "META-INF/NOTICE");
            assertThat(notice).contains("Latchkey", "Copyright 2026 The Latchkey authors")
                    .as("a bundled library's NOTICE").contains("Jackson");
            String licence = read(jar, "META-INF/LICENSE");
            assertThat(licence).contains("Apache License", "Version 2.0, January 2004");
            assertThat(licence.split("TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION", -1).length - 1)
                    .as("Apache licence texts merged from the bundled jars").isGreaterThan(1);
        }
    }

    @Test
    void everyJarOfThePublishedModulesCarriesTheLicenceAndNotice() throws IOException {
        // Built before this module in the same build: classes, sources, javadoc and test jars alike.
        List<Path> jars = new ArrayList<>();
        for (String module : List.of("auth-core", "auth-jdbi", "auth-servlet", "auth-migrate", "latchkey-spring-boot-starter")) {
            try (Stream<Path> files = Files.list(Path.of("..", module, "target"))) {
                files.filter(f -> f.getFileName().toString().endsWith(".jar")).forEach(jars::add);
            }
        }
        assertThat(jars).extracting(f -> f.getFileName().toString())
                .anyMatch(n -> n.endsWith("-javadoc.jar")).anyMatch(n -> n.endsWith("-tests.jar"))
                .anyMatch(n -> n.endsWith("-sources.jar"));
        for (Path file : jars) {
            try (JarFile jar = new JarFile(file.toFile())) {
                assertThat(read(jar, "META-INF/LICENSE")).as(file.toString()).contains("Apache License");
                assertThat(read(jar, "META-INF/NOTICE")).as(file.toString()).contains("Latchkey");
            }
        }
    }

    private static String read(JarFile jar, String name) throws IOException {
        ZipEntry entry = jar.getEntry(name);
        assertThat(entry).as(name).isNotNull();
        try (InputStream in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
