package dev.latchkey.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.jar.JarFile;
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

    private static String read(JarFile jar, String name) throws IOException {
        ZipEntry entry = jar.getEntry(name);
        assertThat(entry).as(name).isNotNull();
        try (InputStream in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
