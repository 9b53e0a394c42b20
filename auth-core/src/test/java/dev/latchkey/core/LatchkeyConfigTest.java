package dev.latchkey.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.throttle.ThrottlePolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatchkeyConfigTest {

    @Test
    void theDefaultsAreTheGuides() {
        LatchkeyConfig config = LatchkeyConfig.defaults();

        assertThat(config.accessTokenTtl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.refreshTokenTtl()).isEqualTo(Duration.ofDays(7));
        assertThat(config.refreshTokenRotation()).isFalse();
        assertThat(config.reuseGracePeriod()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.idleTimeout()).isEmpty();
        assertThat(config.bcryptCost()).isEqualTo(12);
        assertThat(config.clockSkew()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.accountAddressThrottle()).isEqualTo(new ThrottlePolicy(5, Duration.ofMinutes(15)));
        assertThat(config.accountThrottle()).isEqualTo(new ThrottlePolicy(100, Duration.ofHours(1)));
        assertThat(config.addressThrottle()).isEqualTo(new ThrottlePolicy(50, Duration.ofMinutes(15)));
        assertThat(config.registrationThrottle()).isEqualTo(new ThrottlePolicy(20, Duration.ofHours(1)));
        assertThat(config.concurrentRegistrations())
                .isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    }

    @Test
    void eachSettingIsCheckedAsItIsGivenAndTheErrorNamesIt() {
        assertThatThrownBy(() -> LatchkeyConfig.builder().accessTokenTtl(Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("accessTokenTtl")
                .hasMessageContaining("PT1S");
        assertThatThrownBy(() -> LatchkeyConfig.builder().bcryptCost(32))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bcryptCost").hasMessageContaining("32");
        assertThatThrownBy(() -> LatchkeyConfig.builder().issuer(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("issuer");
        assertThatThrownBy(() -> LatchkeyConfig.builder().reuseGracePeriod(Duration.ofMinutes(6)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reuseGracePeriod");
        assertThatThrownBy(() -> LatchkeyConfig.builder().idleTimeout(Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idleTimeout");
    }

    @Test
    void aRefreshLifetimeNotLongerThanTheAccessLifetimeIsRefused() {
        assertThatThrownBy(() -> LatchkeyConfig.builder().accessTokenTtl(Duration.ofHours(2))
                .refreshTokenTtl(Duration.ofHours(1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refreshTokenTtl");
    }

    @Test
    void toBuilderKeepsEverySetting() {
        LatchkeyConfig config = LatchkeyConfig.builder().refreshTokenRotation(true).bcryptCost(10)
                .idleTimeout(Duration.ofHours(8)).audience("api").build();
        assertThat(config.toBuilder().build()).isEqualTo(config);
    }
}
