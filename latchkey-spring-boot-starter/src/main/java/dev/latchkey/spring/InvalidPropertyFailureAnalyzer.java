package dev.latchkey.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a start-up refused for a {@code latchkey.*} property, without the stack trace. */
final class InvalidPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidPropertyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidPropertyException cause) {
        return new FailureAnalysis("Latchkey cannot start: " + cause.getMessage(),
                "Change " + cause.property() + " (the starter's README lists every property with its range).", cause);
    }
}
