package dev.latchkey.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.PasswordHasher.Check;
import dev.latchkey.core.testing.LegacyVectors;
import dev.latchkey.core.testing.LegacyVectors.Vector;
import dev.latchkey.core.testing.Race;
import java.security.SecureRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LegacyHashTest {

    private final PasswordHasher hasher = new PasswordHasher(4, new SecureRandom());

    static Stream<Vector> vectors() {
        return Stream.of(LegacyVectors.PASSLIB, LegacyVectors.DJANGO, LegacyVectors.ARGON2_REFERENCE,
                LegacyVectors.ARGON2_LIBRARIES).flatMap(java.util.List::stream);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void hashesWrittenByOtherSystemsMatchTheirPasswordAsOutdated(Vector vector) {
        assertThat(hasher.check(vector.password(), vector.hash())).isEqualTo(Check.MATCH_OUTDATED);
        assertThat(hasher.check(vector.password(), vector.hash(), true)).isEqualTo(Check.MATCH_OUTDATED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void hashesWrittenByOtherSystemsMatchNoOtherPassword(Vector vector) {
        String password = vector.password();
        int last = password.offsetByCodePoints(password.length(), -1);
        for (String other : new String[] {password + "x", password.substring(0, last), password.toUpperCase(
                java.util.Locale.ROOT) + "!", password.substring(0, last) + "\uD55C"}) {
            assertThat(hasher.check(other, vector.hash(), true)).as(other).isEqualTo(Check.NO_MATCH);
        }
    }

    @Test
    void theArgon2ReferenceMismatchVectorDoesNotMatch() {
        assertThat(hasher.check("password", LegacyVectors.ARGON2_REFERENCE_OF_PASSWORE)).isEqualTo(Check.NO_MATCH);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // passlib: missing parts, "+" and padding that passlib never writes, a short checksum, no digits
        "$pbkdf2-sha256$",
        "$pbkdf2-sha256$1000$eM/531tL6b3X.t9bCwFAiA",
        "$pbkdf2-sha256$1000$eM/531tL6b3X+t9bCwFAiA$TDsF68X03ZB6A2SAp/K8iJocHQmkj3kyqOnubJmrzdw",
        "$pbkdf2-sha256$1000$eM/531tL6b3X.t9bCwFAiA==$TDsF68X03ZB6A2SAp/K8iJocHQmkj3kyqOnubJmrzdw",
        "$pbkdf2-sha256$1000$eM/531tL6b3X.t9bCwFAiA$TDsF68X03ZB6A2SAp/K8iJocHQmkj3kyqOnubJmrzd",
        "$pbkdf2-sha256$x$eM/531tL6b3X.t9bCwFAiA$TDsF68X03ZB6A2SAp/K8iJocHQmkj3kyqOnubJmrzdw",
        "$pbkdf2-sha256$-1000$eM/531tL6b3X.t9bCwFAiA$TDsF68X03ZB6A2SAp/K8iJocHQmkj3kyqOnubJmrzdw",
        "$pbkdf2-sha256$0$eM/531tL6b3X.t9bCwFAiA$TDsF68X03ZB6A2SAp/K8iJocHQmkj3kyqOnubJmrzdw",
        "$pbkdf2-sha256$99999999999$eM/531tL6b3X.t9bCwFAiA$TDsF68X03ZB6A2SAp/K8iJocHQmkj3kyqOnubJmrzdw",
        "$pbkdf2-sha256$1000$e$TDsF68X03ZB6A2SAp/K8iJocHQmkj3kyqOnubJmrzdw",
        // Django: unpadded, a "$" too many, a 16-byte hash, another digest
        "pbkdf2_sha256$1000$DlUmfItWO0v8T5u8Js4qNB$BHTl9xdNxeeJp0BndntZ2bhY756BpxVqkCF25Vzo+D0",
        "pbkdf2_sha256$1000$Dl$UmfItWO0v8T5u8Js4qNB$BHTl9xdNxeeJp0BndntZ2bhY756BpxVqkCF25Vzo+D0=",
        "pbkdf2_sha256$1000$DlUmfItWO0v8T5u8Js4qNB$BHTl9xdNxeeJp0BndntZ2Q==",
        "pbkdf2_sha1$1000$DlUmfItWO0v8T5u8Js4qNB$BHTl9xdNxeeJp0BndntZ2bhY756BpxVqkCF25Vzo+D0=",
        // Argon2: argon2d, another version, fields out of order or extra, too little memory per lane,
        // no lanes, no passes, padding, a salt or a hash too short, a missing part
        "$argon2d$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=18$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$t=2,m=256,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=256,t=2,p=1,keyid=a$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=15,t=2,p=2$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=256,t=2,p=0$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=256,t=0,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ=$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4=",
        "$argon2id$v=19$m=256,t=2,p=1$c29tZQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEg",
        "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ",
        "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4$",
        // nothing Latchkey knows
        "5f4dcc3b5aa765d61d8327deb882cf99",
        "{SSHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=",
        "$1$salt$qJH7.N4xYta3aEG/dfqo/0",
        "",
        "$",
        "\u0000",
    })
    void malformedAndUnknownHashesMatchNothingAndThrowNothing(String hash) {
        for (String password : new String[] {"password", "testpassword123", "비밀번호는안전하게"}) {
            assertThat(hasher.check(password, hash)).isEqualTo(Check.NO_MATCH);
            assertThat(hasher.check(password, hash, true)).isEqualTo(Check.NO_MATCH);
        }
    }

    @Test
    void aPbkdf2HashAskingForMoreThanTheBoundIsRefusedWithoutBeingComputed() {
        String salt = "$eM/531tL6b3X.t9bCwFAiA$TDsF68X03ZB6A2SAp/K8iJocHQmkj3kyqOnubJmrzdw";
        assertThat(LegacyHash.parse("$pbkdf2-sha256$" + Pbkdf2Sha256Hash.MAX_ITERATIONS + salt)).isPresent();
        assertThat(LegacyHash.parse("$pbkdf2-sha256$" + (Pbkdf2Sha256Hash.MAX_ITERATIONS + 1) + salt)).isEmpty();
        assertThat(LegacyHash.parse("pbkdf2_sha256$4294967295$DlUmfItWO0v8T5u8Js4qNB"
                + "$BHTl9xdNxeeJp0BndntZ2bhY756BpxVqkCF25Vzo+D0=")).isEmpty();

        long started = System.nanoTime();
        assertThat(hasher.check("비밀번호는안전하게", "$pbkdf2-sha256$2147483647" + salt)).isEqualTo(Check.NO_MATCH);
        assertThat((System.nanoTime() - started) / 1_000_000).as("milliseconds").isLessThan(1_000);
    }

    @Test
    void argon2ChecksShareHalfTheHeapSoA64MibHashRunsAloneInA128MibHeap() {
        assertThat(Argon2Hash.budgetKib(128L << 20)).isEqualTo(65_536);
        assertThat(Argon2Hash.budgetKib(512L << 20)).isEqualTo(262_144);
        assertThat(Argon2Hash.budgetKib(8L << 30)).as("at most 1 GiB").isEqualTo(1 << 20);
        assertThat(Argon2Hash.budgetKib(1024)).as("at least RFC 9106's minimum").isEqualTo(8);
        assertThat(Argon2Hash.HEAP_BUDGET_KIB).isEqualTo(Argon2Hash.budgetKib(Runtime.getRuntime().maxMemory()));
    }

    @Test
    void manyArgon2ChecksAtOnceAllFinishAndAgree() throws Exception {
        // Four times the budget's worth of 64 MiB checks at once: they queue for the heap, none is lost.
        int checks = Math.min(32, Math.max(4, 4 * Argon2Hash.HEAP_BUDGET_KIB / 65_536));
        Vector vector = LegacyVectors.ARGON2_REFERENCE.get(0);
        assertThat(Race.run(checks, i -> hasher.check(i % 2 == 0 ? vector.password() : "wrong", vector.hash())))
                .containsOnly(Check.MATCH_OUTDATED, Check.NO_MATCH)
                .filteredOn(Check.MATCH_OUTDATED::equals).hasSize((checks + 1) / 2);
    }

    @Test
    void anArgon2HashAskingForMoreMemoryOrWorkThanTheBoundIsRefusedWithoutBeingComputed() {
        String tail = "$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4";
        int budget = Argon2Hash.HEAP_BUDGET_KIB;
        assertThat(LegacyHash.parse("$argon2id$v=19$m=" + budget + ",t=1,p=4" + tail)).as("the heap budget once")
                .isPresent();
        assertThat(LegacyHash.parse("$argon2id$v=19$m=" + (budget + 1) + ",t=1,p=4" + tail))
                .as("more than the heap budget").isEmpty();
        assertThat(LegacyHash.parse("$argon2id$v=19$m=65536,t=16,p=4" + tail)).as("64 MiB 16 times").isPresent();
        assertThat(LegacyHash.parse("$argon2id$v=19$m=1048577,t=1,p=4" + tail)).as("over 1 GiB").isEmpty();
        assertThat(LegacyHash.parse("$argon2id$v=19$m=4194304,t=1,p=4" + tail)).as("4 GiB").isEmpty();
        assertThat(LegacyHash.parse("$argon2id$v=19$m=1048576,t=2,p=4" + tail)).as("1 GiB twice").isEmpty();
        assertThat(LegacyHash.parse("$argon2id$v=19$m=65536,t=17,p=4" + tail)).as("64 MiB 17 times").isEmpty();
        assertThat(LegacyHash.parse("$argon2id$v=19$m=65536,t=4294967295,p=4" + tail)).isEmpty();
        assertThat(LegacyHash.parse("$argon2id$v=19$m=65536,t=2,p=65" + tail)).as("65 lanes").isEmpty();

        long started = System.nanoTime();
        assertThat(hasher.check("password", "$argon2id$v=19$m=4294967295,t=4294967295,p=1" + tail))
                .isEqualTo(Check.NO_MATCH);
        assertThat((System.nanoTime() - started) / 1_000_000).as("milliseconds").isLessThan(1_000);
    }

    @Test
    void theLongestHashesThatCanMatchFitIn255Characters() {
        for (String hash : new String[] {LegacyVectors.LONGEST_ARGON2, LegacyVectors.LONGEST_PASSLIB,
            LegacyVectors.LONGEST_DJANGO}) {
            assertThat(LegacyHash.parse(hash)).as(hash).isPresent();
            assertThat(hash.length()).as(hash).isLessThanOrEqualTo(255);
        }
        String longerSalt = LegacyVectors.LONGEST_ARGON2.replace("$AAAA", "$AAAAAAAA");
        assertThat(LegacyHash.parse(longerSalt)).isEmpty();
        assertThat(LegacyHash.parse(LegacyVectors.LONGEST_PASSLIB.replace("$AAAA", "$AAAAAAAA"))).isEmpty();
        assertThat(LegacyHash.parse(LegacyVectors.LONGEST_DJANGO.replace("$솔", "$솔솔"))).isEmpty();
    }
}
