package dev.latchkey.migrate.testing;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Password hashes as the legacy backend wrote them, made here with other code than Latchkey's:
 * bcrypt over the first 72 UTF-8 bytes (as Python's bcrypt before 5.0 silently did), and Argon2id
 * PHC strings from Bouncy Castle.
 */
public final class LegacyHashes {

    private static final SecureRandom RANDOM = new SecureRandom();

    private LegacyHashes() {
    }

    /** A {@code $2b$} hash at cost 4 of the password's first 72 bytes. */
    public static String bcrypt2b(String password) {
        return bcrypt(BCrypt.Version.VERSION_2B, password);
    }

    /** A {@code $2y$} hash (PHP's) at cost 4 of the password's first 72 bytes. */
    public static String bcrypt2y(String password) {
        return bcrypt(BCrypt.Version.VERSION_2Y, password);
    }

    private static String bcrypt(BCrypt.Version version, String password) {
        byte[] utf8 = password.getBytes(StandardCharsets.UTF_8);
        byte[] first = Arrays.copyOf(utf8, Math.min(utf8.length, 72));
        return new String(BCrypt.with(version, RANDOM, LongPasswordStrategies.strict(version)).hash(4, first),
                StandardCharsets.US_ASCII);
    }

    /** An {@code $argon2id$v=19$m=64,t=2,p=1$…} hash with a random 16-byte salt. */
    public static String argon2id(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        int memory = 64;
        int iterations = 2;
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withMemoryAsKB(memory).withIterations(iterations)
                .withParallelism(1).withSalt(salt).build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] hash = new byte[32];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), hash);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=" + memory + ",t=" + iterations + ",p=1$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(hash);
    }
}
