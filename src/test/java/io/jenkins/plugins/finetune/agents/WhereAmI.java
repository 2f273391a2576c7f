package io.jenkins.plugins.finetune.agents;

import java.util.HashMap;
import java.util.Map;
import jenkins.security.MasterToSlaveCallable;

/**
 * Runs where it is sent and says which JVM that is: its pid, one environment variable and one system property
 * (each {@code null} when unset), and the class loader that loaded this class (remoting's on an agent).
 */
public final class WhereAmI extends MasterToSlaveCallable<Map<String, String>, RuntimeException> {

    private static final long serialVersionUID = 1L;

    private final String envName;
    private final String propertyName;

    public WhereAmI(String envName, String propertyName) {
        this.envName = envName;
        this.propertyName = propertyName;
    }

    @Override
    public Map<String, String> call() {
        return here(envName, propertyName);
    }

    /** The same facts about the JVM this runs in (the controller, when called directly). */
    public static Map<String, String> here(String envName, String propertyName) {
        Map<String, String> facts = new HashMap<>();
        facts.put("pid", Long.toString(ProcessHandle.current().pid()));
        facts.put("env", System.getenv(envName));
        facts.put("property", System.getProperty(propertyName));
        facts.put("loader", WhereAmI.class.getClassLoader().getClass().getName());
        return facts;
    }
}
