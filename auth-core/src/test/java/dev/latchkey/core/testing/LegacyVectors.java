package dev.latchkey.core.testing;

import java.util.List;

/**
 * Password hashes written by other systems, each with its password, as an imported user's row
 * holds them. None was made with Latchkey's code: each comment says which implementation wrote it.
 * The Python libraries are Debian 12's packages (python3-passlib 1.7.4, python3-django 3.2.25,
 * python3-argon2 21.1.0, python3-bcrypt 3.2.2); every PBKDF2 string was also recomputed with
 * {@code hashlib.pbkdf2_hmac} from the libraries' documented formats, and every Argon2 string was
 * verified by both argon2-cffi and hash-wasm.
 */
public final class LegacyVectors {

    /** A password and the hash another system wrote for it. */
    public record Vector(String scheme, String password, String hash) {
        @Override
        public String toString() {
            return scheme + " of \"" + password + "\"";
        }
    }

    /** 28 Hangul syllables: 84 UTF-8 bytes, more than bcrypt reads. */
    public static final String LONG_KOREAN = "가".repeat(28);
    /** One ASCII letter and 28 Hangul syllables: 85 bytes, so byte 72 falls inside a character. */
    public static final String LONG_KOREAN_CUT_MID_CHARACTER = "a" + "가".repeat(28);

    /**
     * {@link #LONG_KOREAN} hashed by Python's bcrypt 3.2.2 as the replaced backend did
     * ({@code bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=4))}), which silently
     * used only the first 72 bytes; passlib 1.7.4's {@code bcrypt.verify} accepts it too.
     */
    public static final String BCRYPT_OF_LONG_KOREAN = "$2b$04$UmU7VU.iZaZQK0ygjNcG0uhm26uTAfkKYvOuEbteeZ8KV5wgjS/eS";
    /** {@link #LONG_KOREAN_CUT_MID_CHARACTER}, hashed the same way. */
    public static final String BCRYPT_OF_LONG_KOREAN_CUT_MID_CHARACTER =
            "$2b$04$LGLTSVGzD2u/GWyB8d2UD.HYAkA1ZJvuGptmB.KsWIda4oXOlwuN2";

    /** passlib 1.7.4's {@code pbkdf2_sha256}: its default 29,000 rounds, and 1,000 rounds. */
    public static final List<Vector> PASSLIB = List.of(
            // pbkdf2_sha256.hash("testpassword123")
            new Vector("passlib", "testpassword123",
                    "$pbkdf2-sha256$29000$wFgrxXjPWWsN4fyfE4LQeg$oVlmJbAqflqbaTFqdo0H0s8DWCyQV/M29u3VZGDztuY"),
            // pbkdf2_sha256.using(rounds=1000).hash("비밀번호는안전하게")
            new Vector("passlib", "비밀번호는안전하게",
                    "$pbkdf2-sha256$1000$eM/531tL6b3X.t9bCwFAiA$TDsF68X03ZB6A2SAp/K8iJocHQmkj3kyqOnubJmrzdw"),
            // the same call, repeated until salt and checksum both held a "." (passlib's "+")
            new Vector("passlib", "dots and spaces ok",
                    "$pbkdf2-sha256$1000$fS8FgDAGwLiX8t7bu/f.fw$NzZC.b8s04tDXKwF/8nlT2i0xHAmSDA36u.WRjVf1BA"));

    /**
     * Django 3.2.25's {@code PBKDF2PasswordHasher().encode(password, hasher.salt(), iterations)}:
     * its default 260,000 iterations, and 1,000.
     */
    public static final List<Vector> DJANGO = List.of(
            new Vector("Django", "testpassword123",
                    "pbkdf2_sha256$260000$HgGomu15CyMDvJ7B1WufjO$NKLvxNKvw3Uoq0k5PdTFM6YAjG9L1zFUcZls7Ur5MLU="),
            new Vector("Django", "비밀번호는안전하게",
                    "pbkdf2_sha256$1000$DlUmfItWO0v8T5u8Js4qNB$BHTl9xdNxeeJp0BndntZ2bhY756BpxVqkCF25Vzo+D0="));

    /**
     * The Argon2 reference implementation's test vectors (phc-winner-argon2, {@code src/test.c}:
     * password "password", salt "somesalt"), each recomputed with argon2-cffi 21.1.0's
     * {@code low_level.hash_secret}; the last is the reference's version-16 form, without
     * {@code v=}.
     */
    public static final List<Vector> ARGON2_REFERENCE = List.of(
            new Vector("argon2id", "password",
                    "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"),
            new Vector("argon2id", "password",
                    "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4"),
            new Vector("argon2id", "password",
                    "$argon2id$v=19$m=256,t=2,p=2$c29tZXNhbHQ$bQk8UB/VmZZF4Oo79iDXuL5/0ttZwg2f/5U52iv1cDc"),
            new Vector("argon2i", "password",
                    "$argon2i$v=19$m=256,t=2,p=1$c29tZXNhbHQ$iekCn0Y3spW+sCcFanM2xBT63UP2sghkUoHLIUpWRS8"),
            new Vector("argon2i", "password",
                    "$argon2i$v=19$m=256,t=2,p=2$c29tZXNhbHQ$T/XOJ2mh1/TIpJHfCdQan76Q5esCFVoT5MAeIM1Oq2E"),
            new Vector("argon2i", "password",
                    "$argon2i$m=256,t=2,p=1$c29tZXNhbHQ$/U3YPXYsSb3q9XxHvc0MLxur+GP960kN9j7emXX8zwY"));

    /**
     * The reference implementation's mismatch vector: this is the hash of "passwore", which
     * "password" must not match.
     */
    public static final String ARGON2_REFERENCE_OF_PASSWORE =
            "$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$8iIuixkI73Js3G1uMbezQXD0b8LG4SXGsOwoQkdAQIM";

    /** Hashes with random salts from argon2-cffi 21.1.0's {@code PasswordHasher} and from hash-wasm 4.13.0 (npm). */
    public static final List<Vector> ARGON2_LIBRARIES = List.of(
            // PasswordHasher(time_cost=2, memory_cost=1024, parallelism=2, type=Type.ID).hash(...): a 16-byte hash
            new Vector("argon2id", "testpassword123",
                    "$argon2id$v=19$m=1024,t=2,p=2$zVtFBr/LDwxH/jr9FWAoBg$vRuZar4yafIWaOGnjonq+A"),
            // PasswordHasher(time_cost=3, memory_cost=512, parallelism=1, type=Type.I).hash(...)
            new Vector("argon2i", "비밀번호는안전하게",
                    "$argon2i$v=19$m=512,t=3,p=1$l1mfhH/0xmnEw3ZXjKu9vQ$Xud1mPmQeJ24nQqIDfLc0w"),
            // hash-wasm argon2id({password, salt: "latchkey-legacy!", parallelism: 1, iterations: 2,
            // memorySize: 64, hashLength: 32, outputType: "encoded"})
            new Vector("argon2id", LONG_KOREAN,
                    "$argon2id$v=19$m=64,t=2,p=1$bGF0Y2hrZXktbGVnYWN5IQ$jDuyJTCUiEg9wrE8brNkc2WzdfrVG51Aq3/b5NO+BdE"),
            // hash-wasm argon2i({..., parallelism: 4, iterations: 1, memorySize: 128, hashLength: 24})
            new Vector("argon2i", "testpassword123",
                    "$argon2i$v=19$m=128,t=1,p=4$bGF0Y2hrZXktbGVnYWN5IQ$nTu/ur2oatnS0pWtskQGze3FV1UWPkTu"));

    /** The longest Argon2 string that can match a password: 1 GiB once over 64 lanes, 64-byte salt and hash. */
    public static final String LONGEST_ARGON2 = "$argon2id$v=19$m=1048576,t=1,p=64$" + "A".repeat(86) + "$"
            + "B".repeat(86);
    /** The longest passlib string that can match a password: the most rounds and a 64-byte salt. */
    public static final String LONGEST_PASSLIB = "$pbkdf2-sha256$2000000$" + "A".repeat(86) + "$" + "B".repeat(43);
    /** The longest Django string that can match a password: the most iterations and a 128-character salt. */
    public static final String LONGEST_DJANGO = "pbkdf2_sha256$2000000$" + "솔".repeat(128) + "$" + "B".repeat(43)
            + "=";

    private LegacyVectors() {
    }

    /** One vector of each scheme, each cheap enough to race many logins on. */
    public static List<Vector> cheap() {
        return List.of(PASSLIB.get(1), DJANGO.get(1), ARGON2_REFERENCE.get(1), ARGON2_REFERENCE.get(4),
                ARGON2_LIBRARIES.get(2), new Vector("bcrypt", LONG_KOREAN, BCRYPT_OF_LONG_KOREAN));
    }
}
