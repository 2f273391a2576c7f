package io.jenkins.plugins.finetune.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The {@code User-Agent}: this library and its version, the JVM, and what embeds it. */
final class UserAgent {

    static final String LIBRARY = "foundry-fine-tuning-client";

    private UserAgent() {}

    static String version() {
        Properties properties = new Properties();
        try (InputStream in = UserAgent.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return properties.getProperty("version", "unknown");
    }

    static String of(String suffix) {
        String base = LIBRARY + "/" + version() + " (Java " + System.getProperty("java.version") + "; "
                + System.getProperty("os.name") + ")";
        return suffix == null || suffix.isBlank() ? base : suffix.trim() + " " + base;
    }
}
