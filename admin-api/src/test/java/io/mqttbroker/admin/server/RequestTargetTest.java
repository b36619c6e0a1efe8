package io.mqttbroker.admin.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mqttbroker.admin.http.ApiException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestTargetTest {

  @Test
  void givenEncodedSegments_thenEachIsDecodedOnItsOwn() {
    RequestTarget target = RequestTarget.parse("/api/v1/x/a%2Fb/c+d/%C3%A9");

    assertEquals(List.of("api", "v1", "x", "a/b", "c+d", "\u00e9"), target.segments());
    assertEquals("/api/v1/x/a/b/c+d/\u00e9", target.path());
  }

  @Test
  void givenQuery_thenRepeatedNamesEmptyValuesAndPlusAreHandled() {
    RequestTarget target = RequestTarget.parse("/p?a=1&a=2&empty=&flag&sp=x+y%2B&&n%61me=v#frag");

    assertEquals(Map.of("a", List.of("1", "2"), "empty", List.of(""), "flag", List.of(""), "sp", List.of("x y+"),
        "name", List.of("v")), target.query());
  }

  @Test
  void givenAbsoluteFormTarget_thenAuthorityIsIgnored() {
    assertEquals(List.of("health"), RequestTarget.parse("http://host:8080/health?x=1").segments());
  }

  @Test
  void givenBrokenEscapesOrRelativePath_thenBadRequest() {
    for (String bad : List.of("/a%", "/a%zz", "/a%C3", "/p?x=%FF", "relative")) {
      ApiException error = assertThrows(ApiException.class, () -> RequestTarget.parse(bad), bad);
      assertEquals(400, error.status());
    }
  }
}
