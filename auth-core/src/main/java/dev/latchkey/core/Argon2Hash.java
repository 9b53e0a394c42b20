package dev.latchkey.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * An Argon2id or Argon2i hash (RFC 9106) in the PHC string format the reference implementation,
 * argon2-cffi and passlib write: {@code $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>},
 * salt and hash in standard base64 without padding. A missing {@code v=} means version 16, as in
 * the reference implementation; no other field (no {@code keyid}, no {@code data}) is accepted.
 * Computed with Bouncy Castle's {@link Argon2BytesGenerator}, on the calling thread.
 *
 * <p>A login spends at most {@value #MAX_MEMORY_KIB} KiB (1 GiB) and {@value #MAX_BLOCK_PASSES}
 * KiB-passes (memory times passes: 1 GiB once, 64 MiB sixteen times), so it needs that much heap
 * while it runs; argon2-cffi's defaults (64 MiB, 3 passes; 100 MiB, 2 passes before 21.2) are far
 * below. A hash asking for more, for more than {@value #MAX_LANES} lanes, with a salt of fewer than 8
 * or a hash of fewer than {@value #MIN_HASH_BYTES} bytes (which too many passwords would match), or
 * with either longer than 64 bytes, matches nothing.
 */
final class Argon2Hash implements LegacyHash {

    static final String PREFIX = "$argon2";
    /** The most memory a stored hash may ask for, in KiB: 1 GiB. */
    static final long MAX_MEMORY_KIB = 1L << 20;
    /** The most memory times passes a stored hash may ask for, in KiB. */
    static final long MAX_BLOCK_PASSES = 1L << 20;
    /** The most lanes a stored hash may ask for. */
    static final int MAX_LANES = 64;
    /** The shortest hash accepted, in bytes. */
    static final int MIN_HASH_BYTES = 16;

    // Salts and hashes of at most 64 bytes (argon2-cffi writes 16 and 32): every hash this accepts
    // fits the 255 characters a store must keep.
    private static final int MAX_HASH_BYTES = 64;
    private static final int MAX_SALT_BYTES = 64;
    private static final Pattern PHC = Pattern.compile("\\$(argon2id|argon2i)\\$(?:v=(\\d{1,10})\\$)?"
            + "m=(\\d{1,10}),t=(\\d{1,10}),p=(\\d{1,10})\\$([A-Za-z0-9+/]{11,86})\\$([A-Za-z0-9+/]{22,86})");

    private final Argon2Parameters parameters;
    private final byte[] expected;

    private Argon2Hash(Argon2Parameters parameters, byte[] expected) {
        this.parameters = parameters;
        this.expected = expected;
    }

    static Optional<Argon2Hash> parse(String stored) {
        Matcher m = PHC.matcher(stored);
        if (!m.matches()) {
            return LegacyHash.refuse("Argon2", "not a PHC string of $argon2id$ or $argon2i$ with m, t and p");
        }
        String scheme = m.group(1);
        int type = scheme.equals("argon2id") ? Argon2Parameters.ARGON2_id : Argon2Parameters.ARGON2_i;
        long version = m.group(2) == null ? 16 : Long.parseLong(m.group(2));
        long memory = Long.parseLong(m.group(3));
        long passes = Long.parseLong(m.group(4));
        long lanes = Long.parseLong(m.group(5));
        if (version != 16 && version != 19) {
            return LegacyHash.refuse(scheme, "version " + version + ", not 16 or 19");
        }
        if (lanes < 1 || lanes > MAX_LANES) {
            return LegacyHash.refuse(scheme, lanes + " lanes, outside 1 to " + MAX_LANES);
        }
        if (memory > HEAP_BUDGET_KIB && memory <= MAX_MEMORY_KIB) {
            return LegacyHash.refuse(scheme, memory + " KiB of memory, more than this JVM's heap allows for Argon2 ("
                    + HEAP_BUDGET_KIB + " KiB, half of the maximum heap)");
        }
        if (memory < 8 * lanes || memory > MAX_MEMORY_KIB) {
            // RFC 9106 §3.1: at least 8 KiB per lane.
            return LegacyHash.refuse(scheme, memory + " KiB of memory, outside " + 8 * lanes + " to " + MAX_MEMORY_KIB);
        }
        if (passes < 1 || memory * passes > MAX_BLOCK_PASSES) {
            return LegacyHash.refuse(scheme, passes + " passes over " + memory + " KiB, more than "
                    + MAX_BLOCK_PASSES + " KiB-passes");
        }
        byte[] salt;
        byte[] expected;
        try {
            salt = Base64.getDecoder().decode(m.group(6));
            expected = Base64.getDecoder().decode(m.group(7));
        } catch (IllegalArgumentException e) {
            return LegacyHash.refuse(scheme, "salt or hash is not base64");
        }
        if (salt.length < 8 || salt.length > MAX_SALT_BYTES) {
            return LegacyHash.refuse(scheme, "a salt of " + salt.length + " bytes, outside 8 to " + MAX_SALT_BYTES);
        }
        if (expected.length < MIN_HASH_BYTES || expected.length > MAX_HASH_BYTES) {
            return LegacyHash.refuse(scheme, "a hash of " + expected.length + " bytes, outside " + MIN_HASH_BYTES
                    + " to " + MAX_HASH_BYTES);
        }
        Argon2Parameters parameters = new Argon2Parameters.Builder(type)
                .withVersion(version == 19 ? Argon2Parameters.ARGON2_VERSION_13 : Argon2Parameters.ARGON2_VERSION_10)
                .withMemoryAsKB((int) memory)
                .withIterations((int) passes)
                .withParallelism((int) lanes)
                .withSalt(salt)
                .build();
        return Optional.of(new Argon2Hash(parameters, expected));
    }

    /**
     * The heap all Argon2 checks of this process may hold at once, in KiB: half of the maximum heap,
     * at most {@value #MAX_MEMORY_KIB}. A check waits until its memory is free, so first logins of
     * imported users never take the heap the service needs (an Argon2 hash of 64 MiB, argon2-cffi's
     * default, in a 128 MiB heap runs one at a time; a hash that needs more than the budget matches
     * nothing and is logged, like a too costly one).
     */
    static final int HEAP_BUDGET_KIB = budgetKib(Runtime.getRuntime().maxMemory());
    private static final Semaphore HEAP = new Semaphore(HEAP_BUDGET_KIB, true);

    /** Half of {@code maxHeapBytes}, in KiB, at most {@value #MAX_MEMORY_KIB} and at least 8. */
    static int budgetKib(long maxHeapBytes) {
        return (int) Math.max(8, Math.min(MAX_MEMORY_KIB, maxHeapBytes / 2 / 1024));
    }

    @Override
    public boolean matches(String password) {
        int kib = parameters.getMemory();
        HEAP.acquireUninterruptibly(kib);
        try {
            return compute(password);
        } finally {
            HEAP.release(kib);
        }
    }

    private boolean compute(String password) {
        byte[] input = password.getBytes(StandardCharsets.UTF_8);
        byte[] derived = new byte[expected.length];
        try {
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(parameters);
            generator.generateBytes(input, derived);
            return MessageDigest.isEqual(derived, expected);
        } catch (RuntimeException e) {
            LegacyHash.refuse("Argon2", "computing it failed (" + e.getClass().getSimpleName() + ")");
            return false;
        } finally {
            Arrays.fill(input, (byte) 0);
            Arrays.fill(derived, (byte) 0);
        }
    }
}
