package dev.latchkey.example;

import java.util.HashMap;
import java.util.Map;

/** The example's own variables are read as auth-core's EnvironmentSettings reads the guide's. */
final class Variables {

    private Variables() {
    }

    /** {@code dotEnv}'s values, overridden by {@code environment}'s that are set and not empty. */
    static Map<String, String> merge(Map<String, String> environment, Map<String, String> dotEnv) {
        Map<String, String> merged = new HashMap<>(dotEnv);
        environment.forEach((name, value) -> {
            if (value != null && !value.isEmpty()) {
                merged.put(name, value);
            }
        });
        return merged;
    }
}
