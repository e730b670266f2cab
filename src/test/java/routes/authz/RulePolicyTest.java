package routes.authz;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import routes.kernel.CallerIdentity;
import routes.testing.HeaderCallers;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Caravan's rule set as a table: who (a caller as the test header writes it, "-" anonymous), what,
 * and the answer, against one rule set that exercises deny-overrides, subjects, groups, claims and
 * the default.
 */
class RulePolicyTest {

    private static final RuleSpec RULES = new RuleSpec(false,
            List.of(
                    new RuleSpec.Rule(false, List.of("weather_*"), List.of(), List.of(), Map.of()),
                    new RuleSpec.Rule(true, List.of("*_delete*"), List.of(), List.of(), Map.of()),
                    new RuleSpec.Rule(false, List.of("*"), List.of(), List.of("admins"), Map.of()),
                    new RuleSpec.Rule(false, List.of("notes_write"), List.of("alice"), List.of(), Map.of()),
                    new RuleSpec.Rule(false, List.of("billing_*"), List.of(), List.of(), Map.of("department", List.of("finance"))),
                    new RuleSpec.Rule(true, List.of("weather_alerts"), List.of(), List.of("interns"), Map.of())),
            List.of(new RuleSpec.Rule(false, List.of("*"), List.of(), List.of("eng"), Map.of())),
            List.of(new RuleSpec.Rule(false, List.of("notes://public/*"), List.of(), List.of(), Map.of()),
                    new RuleSpec.Rule(false, List.of("notes://*"), List.of(), List.of(), Map.of("scope", List.of("notes:read")))));

    private static final RulePolicy POLICY = new RulePolicy(RULES, GroupClaims.DEFAULT);

    private static CallerIdentity caller(String who) {
        return who.equals("-") ? CallerIdentity.anonymous(null, null) : HeaderCallers.parse(who);
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "-                                | TOOL     | weather_get          | true",
            "-                                | TOOL     | notes_list           | false",
            "-                                | TOOL     | weather_delete       | false",
            "bob; groups=admins               | TOOL     | notes_list           | true",
            "bob; groups=admins               | TOOL     | notes_delete_all     | false",
            "alice                            | TOOL     | notes_write          | true",
            "mallory                          | TOOL     | notes_write          | false",
            "carol; department=finance        | TOOL     | billing_pay          | true",
            "carol; department=sales          | TOOL     | billing_pay          | false",
            "carol; department=sales,finance  | TOOL     | billing_pay          | true",
            "dan; groups=interns              | TOOL     | weather_alerts       | false",
            "dan; groups=interns              | TOOL     | weather_get          | true",
            "erin; groups=eng                 | PROMPT   | anything             | true",
            "-                                | PROMPT   | anything             | false",
            "-                                | RESOURCE | notes://public/a     | true",
            "-                                | RESOURCE | notes://private/a    | false",
            "frank; scope=notes:read profile  | RESOURCE | notes://private/a    | true",
    })
    void decides(String who, Feature feature, String name, boolean expected) {
        assertEquals(expected, POLICY.allows(caller(who), feature, name, null, null));
    }

    @ParameterizedTest(name = "default {0}: {1} -> {2}")
    @CsvSource({"true, unlisted, true", "false, unlisted, false", "true, x_delete, false"})
    void theDefaultAnswersWhatNoRuleMatches(boolean defaultAllow, String tool, boolean expected) {
        RulePolicy p = new RulePolicy(new RuleSpec(defaultAllow,
                List.of(new RuleSpec.Rule(true, List.of("*_delete"), List.of(), List.of(), Map.of())), List.of(), List.of()),
                GroupClaims.DEFAULT);
        assertEquals(expected, p.allows(caller("-"), Feature.TOOL, tool, null, null));
    }

    /** A list claim gives groups; a string claim is ignored (and the well-known names are tried), as in ToolHive. */
    @ParameterizedTest(name = "groupClaimName={0}, roleClaimName={1}: {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "          |       | bob; groups=admins             | true",
            "          |       | bob; roles=admins              | true",
            "team      |       | bob; team=admins,ops           | true",
            "team      |       | bob; team=admins               | false",
            "team      |       | bob; team=x,y; groups=admins   | false",
            "team      |       | bob; groups=admins             | true",
            "team      | roles | bob; team=x,y; roles=admins    | true",
    })
    void groupsComeFromTheConfiguredClaimsAsToolHiveReadsThem(String groupClaim, String roleClaim, String who, boolean expected) {
        RulePolicy p = new RulePolicy(new RuleSpec(false,
                List.of(new RuleSpec.Rule(false, List.of("*"), List.of(), List.of("admins"), Map.of())), List.of(), List.of()),
                new GroupClaims(groupClaim, roleClaim));
        assertEquals(expected, p.allows(caller(who), Feature.TOOL, "t", null, null));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"bob; groups=admins | ann; groups=admins | true", "bob; groups=admins | ann | false",
            "- | zed | true"})
    void callersToWhomTheSameRulesApplyShareAKey(String a, String b, boolean same) {
        if (same) {
            assertEquals(POLICY.callerKey(caller(a)), POLICY.callerKey(caller(b)));
        } else {
            assertNotEquals(POLICY.callerKey(caller(a)), POLICY.callerKey(caller(b)));
        }
    }
}
