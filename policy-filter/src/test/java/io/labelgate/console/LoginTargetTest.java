package io.labelgate.console;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Where a browser goes after logging in: {@link RedirectTarget#afterLogin}. */
class LoginTargetTest {

    @ParameterizedTest(name = "admin={0}, next={1} -> {2}")
    @CsvSource(
            nullValues = "-",
            value = {
                // an administrator cannot open the app, so only a console page is kept
                "true, /ai-app/, /ai-app/labelgate/tokens",
                "true, -, /ai-app/labelgate/tokens",
                "true, https://elsewhere.example, /ai-app/labelgate/tokens",
                "true, /ai-app/labelgate/apps, /ai-app/labelgate/apps",
                "true, /ai-app/labelgate/apps/1?x=1, /ai-app/labelgate/apps/1?x=1",
                "true, /ai-app/labelgate-other, /ai-app/labelgate/tokens",
                // an app token goes where it was going, or to the app
                "false, /ai-app/api/hello?x=1, /ai-app/api/hello?x=1",
                "false, -, /ai-app/",
                "false, //elsewhere.example, /ai-app/"
            })
    void aLoginGoesToASafeNextThatTheSessionCanOpen(boolean admin, String next, String target) {
        assertEquals(target, RedirectTarget.afterLogin(admin, next, "/ai-app", "/ai-app/labelgate"));
    }
}
