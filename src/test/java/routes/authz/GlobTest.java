package routes.authz;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GlobTest {

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource({
            "weather_get,      weather_get,      true",
            "weather_get,      weather_gets,     false",
            "weather_*,        weather_get,      true",
            "weather_*,        weather_,         true",
            "weather_*,        notes_get,        false",
            "*_delete*,        notes_delete_all, true",
            "*_delete*,        notes_list,       false",
            "'*',              anything,         true",
            "'*',              '',               true",
            "notes_?et,        notes_get,        true",
            "notes_?et,        notes_gget,       false",
            "'file:///docs/*', file:///docs/a.md, true",
            "'file:///docs/*', file:///etc/passwd, false",
            "a*b*c,            axxbyyc,          true",
            "a*b*c,            axxbyy,           false",
    })
    void matches(String pattern, String name, boolean expected) {
        assertEquals(expected, new Glob(java.util.List.of(pattern)).matches(name));
    }
}
