package dev.latchkey.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a start-up refused for {@code latchkey.secret-key}, and how to set a good one. */
final class SecretKeyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSecretKeyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidSecretKeyException cause) {
        return new FailureAnalysis("Latchkey cannot sign access tokens: " + cause.getMessage(),
                "Set " + SecretKeyRules.PROPERTY + " (for example from an environment variable:"
                        + " latchkey.secret-key=${LATCHKEY_SECRET_KEY}) to a random value of at least 32 bytes,"
                        + " such as the output of: openssl rand -base64 48",
                cause);
    }
}
